package dev.dockerlab.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * One {@code dockerlab-shell attach} exec in a sandbox, made by {@link SandboxExec#attach}: no
 * TTY, stdin from the stream the terminal hands in, output handed to a {@link Sink}. It may start
 * before any browser is there (the warm pool's sandboxes get one in advance, so a new learner's
 * first terminal skips the exec's start): output until {@link #bind} is kept and handed over first.
 */
public final class ShellAttach {

    private static final Logger LOG = Logger.getLogger(ShellAttach.class);

    /** The shell keeper in the sandbox image; images made FROM dockerlab/sandbox have it. */
    public static final String SHELL_KEEPER = "/usr/local/bin/dockerlab-shell";

    /** Output kept for a sink that is not there yet: a prompt and a replay, never a flood (the keeper waits). */
    private static final int EARLY_LIMIT = 512 * 1024;
    /** How long the engine may take to start a stream before the attach counts it as not answering. */
    static final Duration START_LIMIT = Duration.ofSeconds(20);

    /**
     * Hangs up an attach (its PID is recorded by {@code dockerlab-shell attach}): the keeper then
     * lets go of the exec's pipes. Closing a Docker exec stream alone does not end it.
     */
    static final String DETACH_SCRIPT = """
            f=/tmp/.dockerlab/attach-$1-$2.pid
            [ -r "$f" ] && kill -HUP "$(cat "$f")" 2>/dev/null; rm -f "$f"
            """;

    /** Where the output goes once bound; called on docker-java's stream thread, in order. */
    public interface Sink {
        void output(byte[] bytes);

        /** The stream ended (the exec exited, or the engine went away); error is null for a clean end. */
        void ended(Throwable error);
    }

    private final SandboxExec execs;
    private final Engine engine;
    private final String containerId;
    private final String execId;
    private final String epoch;
    private final String token;
    private final InputStream stdin;
    private final FrameStream stream;
    private final Object lock = new Object();
    private Sink sink;
    private ByteArrayOutputStream early = new ByteArrayOutputStream();
    private boolean ended;
    /** Output came past {@link #EARLY_LIMIT} before a sink was bound: some of it was lost. */
    private boolean overflowed;
    private Throwable endError;

    private ShellAttach(SandboxExec execs, Engine engine, String containerId, String execId, InputStream stdin,
            String epoch, String token) {
        this.execs = execs;
        this.engine = engine;
        this.containerId = containerId;
        this.execId = execId;
        this.stdin = stdin;
        this.epoch = epoch;
        this.token = token;
        this.stream = new FrameStream(this::output, this::end);
    }

    static ShellAttach start(SandboxExec execs, Engine engine, String containerId, String execId, InputStream stdin,
            String epoch, String token) {
        ShellAttach attach = new ShellAttach(execs, engine, containerId, execId, stdin, epoch, token);
        // the stream holds its connection while the terminal is open: from the streams' own budget
        engine.streams().execStartCmd(execId).withTty(false).withStdIn(stdin).exec(attach.stream);
        attach.stream.awaitStart(START_LIMIT);
        return attach;
    }

    /**
     * Whether the exec's stream still runs and kept all its output (a prepared attach may have died
     * waiting, or a busy shell may have printed more than it keeps before a browser came).
     */
    public boolean alive() {
        synchronized (lock) {
            return !ended && !overflowed;
        }
    }

    /** From now on output goes to the sink, starting with what came before. */
    public void bind(Sink target) {
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

    /**
     * Hangs up this attach in the sandbox, so the keeper lets go of it (the shell lives on);
     * a sandbox that is gone took its processes with it.
     */
    public void hangUp() {
        try {
            execs.run(containerId, LearnerCommand.script(DETACH_SCRIPT, epoch, token));
        } catch (SandboxException.Gone e) {
            // the sandbox is gone, and its processes with it
        } catch (RuntimeException e) {
            LOG.debugf("could not hang up the shell client in %s: %s", containerId, e.getMessage());
        }
    }

    /** Stops reading and closes stdin; the keeper sees the attach go. */
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debugf("closing an attach's stdin: %s", e.getMessage());
        }
        stream.stop();
    }

    /**
     * The exit code of the ended attach (null when the engine has none).
     *
     * @throws SandboxException.Gone when the sandbox is gone
     */
    public Long exitCode() {
        return engine.callOnSandbox(() -> engine.client().inspectExecCmd(execId).exec()).getExitCodeLong();
    }

    /** Whether the sandbox still runs: not exited, not gone, not on its way out. */
    public boolean sandboxRunning() {
        try {
            var state = engine.callOnSandbox(() -> engine.client().inspectContainerCmd(containerId).exec()).getState();
            return Boolean.TRUE.equals(state.getRunning()) && !"removing".equals(state.getStatus());
        } catch (SandboxException.Gone e) {
            return false;
        }
    }

    private void output(byte[] bytes) {
        synchronized (lock) {
            if (sink != null) {
                sink.output(bytes);
            } else if (early.size() + bytes.length <= EARLY_LIMIT) {
                early.writeBytes(bytes);
            } else {
                overflowed = true;
            }
        }
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
