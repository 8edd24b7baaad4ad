import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import dev.dockerlab.sandbox.KeeperFrames;
import dev.dockerlab.sandbox.ShellAttach;
import dev.dockerlab.terminal.StdinQueue;

/**
 * An exec straight through docker-java, without the server: the baselines' paths. Its stdin is
 * the server's own {@link StdinQueue}, its keeper frames the server's own {@link KeeperFrames}.
 */
final class RawTerminal implements AutoCloseable {

    /** The raw baseline's shell: what {@code docker exec -it SANDBOX bash -l} starts. */
    private static final String LOGIN_SHELL = "exec bash -l";
    /** The shell keeper in the sandbox image, as the server's attach runs it. */
    private static final String KEEPER = ShellAttach.SHELL_KEEPER;

    private final StdinQueue stdin = new StdinQueue(Long.MAX_VALUE);
    private final Output output = new Output();
    private final ResultCallback.Adapter<Frame> callback;

    private RawTerminal(String container, String script, boolean tty, boolean interactive) {
        String exec = Sandboxes.DOCKER.execCreateCmd(container).withUser("1000:1000").withTty(tty)
                .withAttachStdin(interactive).withAttachStdout(true).withAttachStderr(true)
                .withEnv(List.of("TERM=xterm-256color", "LANG=C.UTF-8"))
                .withCmd("/bin/sh", "-c", script).exec().getId();
        var start = Sandboxes.STREAMS.execStartCmd(exec).withTty(tty);
        if (interactive) {
            start.withStdIn(stdin);
        }
        callback = start.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.record(frame.getPayload());
            }
        });
    }

    /** {@code docker exec -it SANDBOX bash -l}. */
    static RawTerminal attach(String container) {
        return new RawTerminal(container, LOGIN_SHELL, true, true);
    }

    /** The sandbox's shell keeper attached without the server: no TTY, framed stdin (an epoch of its own). */
    static RawTerminal keeper(String container, String token) {
        return new RawTerminal(container, "exec " + KEEPER + " attach bench " + token, false, true);
    }

    /** Runs a command as {@code docker exec -t} does and answers the bytes it printed. */
    static long runToEnd(String container, String command) throws Exception {
        RawTerminal raw = new RawTerminal(container, command, true, false);
        raw.callback.awaitCompletion(120, TimeUnit.SECONDS);
        return raw.output.count();
    }

    Output output() {
        return output;
    }

    /** Bytes as they are, for a TTY exec. */
    void send(byte[] bytes) {
        stdin.offer(bytes);
    }

    /** Keystrokes as the keeper reads them: in frames, as the server sends them. */
    void type(byte[] keystrokes) {
        KeeperFrames.input(keystrokes).forEach(stdin::offer);
    }

    @Override
    public void close() throws IOException {
        stdin.close();
        try {
            callback.awaitCompletion(2, TimeUnit.SECONDS); // the stdin copier ends the stream on its own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.close();
    }
}
