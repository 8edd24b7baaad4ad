package dev.dockerlab.terminal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import dev.dockerlab.sandbox.Engine;

/**
 * One {@code dockerlab-shell attach} exec in a sandbox: no TTY, stdin from a {@link StdinQueue},
 * output handed to a {@link Sink}. It may start before any browser is there (the warm pool's
 * sandboxes get one in advance, so a new learner's first terminal skips the exec's start):
 * output until {@link #bind} is kept and handed over first.
 */
final class ShellExec {

    private static final Logger LOG = Logger.getLogger(ShellExec.class);

    /** The shell keeper in the sandbox image; images made FROM dockerlab/sandbox have it. */
    static final String SHELL_KEEPER = "/usr/local/bin/dockerlab-shell";

    /** Output kept for a sink that is not there yet: a prompt and a replay, never a flood (the keeper waits). */
    private static final int EARLY_LIMIT = 512 * 1024;

    /** Where the output goes once bound; called on docker-java's stream thread, in order. */
    interface Sink {
        void output(byte[] bytes);

        /** The stream ended (the exec exited, or the engine went away); error is null for a clean end. */
        void ended(Throwable error);
    }

    final String execId;
    final String token;
    final StdinQueue stdin;
    private final Closeable stream;
    private final Object lock = new Object();
    private Sink sink;
    private ByteArrayOutputStream early = new ByteArrayOutputStream();
    private boolean ended;
    private Throwable endError;

    private ShellExec(String execId, String token, StdinQueue stdin, DockerClient docker) {
        this.execId = execId;
        this.token = token;
        this.stdin = stdin;
        this.stream = docker.execStartCmd(execId).withTty(false).withStdIn(stdin).exec(new Pump());
    }

    /**
     * Creates and starts the exec as the learner. Returns once the engine has started it.
     *
     * @throws com.github.dockerjava.api.exception.NotFoundException when the container no longer exists
     */
    static ShellExec start(Engine engine, String containerId, String epoch, String token, StdinQueue stdin) {
        DockerClient docker = engine.client();
        String id = engine.call(() -> docker.execCreateCmd(containerId)
                .withUser("1000:1000")
                .withTty(false)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                // COLUMNS/LINES are deliberately absent: they would override the real terminal size
                .withEnv(List.of("TERM=xterm-256color", "LANG=C.UTF-8", "COLORTERM=truecolor"))
                .withWorkingDir("/home/learner")
                .withCmd(SHELL_KEEPER, "attach", epoch, token)
                .exec().getId());
        ShellExec exec = new ShellExec(id, token, stdin, docker);
        try {
            ((Pump) exec.stream).awaitStarted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exec;
    }

    /** Whether the exec's stream still runs (a prepared exec may have died waiting). */
    boolean alive() {
        synchronized (lock) {
            return !ended;
        }
    }

    /** From now on output goes to the sink, starting with what came before. */
    void bind(Sink target) {
        synchronized (lock) {
            sink = target;
            byte[] kept = early.toByteArray();
            early = null;
            if (kept.length > 0) {
                target.output(kept);
            }
            if (ended) {
                target.ended(endError);
            }
        }
    }

    void close() {
        stdin.close();
        try {
            stream.close();
        } catch (Exception e) {
            LOG.debugf("closing exec stream: %s", e.getMessage());
        }
    }

    private final class Pump extends ResultCallback.Adapter<Frame> {

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null || payload.length == 0) {
                return;
            }
            // docker-java may reuse the frame's buffer for the next read: copy before anything async sees it
            byte[] bytes = Arrays.copyOf(payload, payload.length);
            synchronized (lock) {
                if (sink != null) {
                    sink.output(bytes);
                } else if (early.size() < EARLY_LIMIT) {
                    early.writeBytes(bytes);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            super.onError(throwable);
            end(throwable);
        }

        @Override
        public void onComplete() {
            super.onComplete();
            end(null);
        }

        private void end(Throwable error) {
            synchronized (lock) {
                ended = true;
                endError = error;
                if (sink != null) {
                    sink.ended(error);
                }
            }
        }
    }
}
