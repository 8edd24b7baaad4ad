package dev.dockerlab.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every process the server starts in a learner's sandbox: a command that runs to its end
 * ({@link #run}: checks, the facts, hanging up a tab, starting the inner engine) or the terminal's
 * long-lived attach to the shell keeper ({@link #attach}). Both run as the learner (uid
 * {@value Hardening#UID}, never root) in the learner's home. Engine answers come back as
 * {@link SandboxException}s ({@link EngineErrors}).
 */
@ApplicationScoped
public class SandboxExec {

    /** A command's environment on top of the container's: the learner's, without a terminal. */
    private static final List<String> COMMAND_ENV = List.of("HOME=" + Hardening.HOME, "USER=" + Hardening.LOGIN,
            "LANG=C.UTF-8", "TERM=dumb");
    /**
     * The shell's environment for the keeper's attach; COLUMNS/LINES are deliberately absent:
     * they would override the real terminal size.
     */
    private static final List<String> SHELL_ENV = List.of("TERM=xterm-256color", "LANG=C.UTF-8", "COLORTERM=truecolor");

    private final Engine engine;
    private final LearnerEnv learnerEnv;

    public SandboxExec(Engine engine, LearnerEnv learnerEnv) {
        this.engine = engine;
        this.learnerEnv = learnerEnv;
    }

    /**
     * Runs a command in the sandbox and waits for it, at most {@link LearnerCommand#timeout()}.
     * The learner controls what most commands print (their files, their own engine's socket):
     * past the cap or the timeout the stream is closed, so this server never holds more than
     * the cap, however much the command writes.
     *
     * @throws SandboxException.Gone when the sandbox no longer exists
     * @throws SandboxException.Stopped when it does not run
     */
    public Result run(Sandbox sandbox, LearnerCommand command) {
        return run(sandbox.containerId(), command);
    }

    Result run(String containerId, LearnerCommand command) {
        var docker = engine.client();
        boolean reads = command.outputCap() > 0;
        String exec = engine.callOnSandbox(() -> docker.execCreateCmd(containerId)
                .withUser(Hardening.USER)
                .withWorkingDir(Hardening.HOME)
                .withEnv(learnerEnv.with(containerId, COMMAND_ENV))
                .withTty(false)
                .withAttachStdin(false)
                .withAttachStdout(reads)
                .withAttachStderr(false)
                .withCmd(command.argv().toArray(String[]::new))
                .exec().getId());
        Capture capture = new Capture(command.outputCap(), command.readPastCap());
        FrameStream stream = new FrameStream(capture::write);
        capture.whenFull = stream::stop;
        boolean finished = false;
        try {
            engine.callOnSandbox(() -> docker.execStartCmd(exec).exec(stream));
            finished = stream.awaitCompletion(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!finished) {
                // stop reading: an exec that outlives its caller must not go on filling a buffer nobody reads
                stream.stop();
            }
        }
        return capture.result(this, exec, !finished && !capture.stopped());
    }

    /**
     * Starts {@code dockerlab-shell attach} in the sandbox, reading {@code stdin}, and returns
     * once the engine has started it. Its output is kept until a sink is bound ({@link ShellAttach#bind}).
     *
     * @param epoch this server's start, which tells its attaches from those a predecessor left
     * @param token names this attach (its PID file in the sandbox), so it can be hung up
     * @throws SandboxException.Gone when the sandbox no longer exists
     * @throws SandboxException.Stopped when it does not run
     */
    public ShellAttach attach(Sandbox sandbox, InputStream stdin, String epoch, String token) {
        return attach(sandbox.containerId(), stdin, epoch, token, List.of());
    }

    /**
     * {@link #attach(Sandbox, InputStream, String, String)} for a sandbox whose keeper runs
     * {@code shell} ({@link Machine#shell}; empty: the keeper's login bash), which the attach
     * starts it with when the keeper is not running (its shell ended, or it was killed).
     */
    public ShellAttach attach(Sandbox sandbox, InputStream stdin, String epoch, String token, List<String> shell) {
        return attach(sandbox.containerId(), stdin, epoch, token, shell);
    }

    ShellAttach attach(String containerId, InputStream stdin, String epoch, String token) {
        return attach(containerId, stdin, epoch, token, List.of());
    }

    ShellAttach attach(String containerId, InputStream stdin, String epoch, String token, List<String> shell) {
        List<String> argv = new ArrayList<>(List.of(ShellAttach.SHELL_KEEPER, "attach", epoch, token));
        if (!shell.isEmpty()) {
            argv.add("--");
            argv.addAll(shell);
        }
        String id = engine.callOnSandbox(() -> engine.client().execCreateCmd(containerId)
                .withUser(Hardening.USER)
                .withTty(false)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withEnv(learnerEnv.with(containerId, SHELL_ENV))
                .withWorkingDir(Hardening.HOME)
                .withCmd(argv.toArray(String[]::new))
                .exec().getId());
        return ShellAttach.start(this, engine, containerId, id, stdin, epoch, token);
    }

    /** True when the engine answers: a stream that broke while it does not was cut by the engine, not the shell. */
    public boolean engineAnswers() {
        return engine.answers();
    }

    /** The exit code of an exec; the engine may need a moment after the stream ends to record it. */
    Long exitCode(String execId) {
        var docker = engine.client();
        for (int i = 0; i < 20; i++) {
            var inspect = engine.callOnSandbox(() -> docker.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong();
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return engine.callOnSandbox(() -> docker.inspectExecCmd(execId).exec()).getExitCodeLong();
    }

    /** What a command printed, cut at its cap, and how it ended. */
    public static final class Result {
        private final SandboxExec exec;
        private final String execId;
        private final String output;
        private final boolean truncated;
        private final boolean timedOut;

        private Result(SandboxExec exec, String execId, String output, boolean truncated, boolean timedOut) {
            this.exec = exec;
            this.execId = execId;
            this.output = output;
            this.truncated = truncated;
            this.timedOut = timedOut;
        }

        public String output() {
            return output;
        }

        /** More was printed than the cap: only the cap's worth is in {@link #output()}. */
        public boolean truncated() {
            return truncated;
        }

        /** The server stopped waiting before the command ended. */
        public boolean timedOut() {
            return timedOut;
        }

        /**
         * The command's exit code, asked of the engine now (one call, or a few while the engine
         * records it); null when it has none yet (it still runs).
         *
         * @throws SandboxException.Gone when the sandbox was removed meanwhile
         */
        public Long exitCode() {
            return exec.exitCode(execId);
        }
    }

    /** Output up to a cap; past it, the stream is stopped, or read to its end and dropped. */
    private static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long max;
        private final boolean readPastCap;
        private boolean truncated;
        private boolean stopped;
        private Runnable whenFull = () -> {
        };

        Capture(long max, boolean readPastCap) {
            this.max = max;
            this.readPastCap = readPastCap;
        }

        void write(byte[] payload) {
            boolean stop;
            synchronized (bytes) {
                if (stopped) {
                    return;
                }
                long room = max - bytes.size();
                bytes.write(payload, 0, (int) Math.max(0, Math.min(room, payload.length)));
                truncated |= payload.length > room;
                stop = stopped = truncated && !readPastCap;
            }
            if (stop) {
                whenFull.run();
            }
        }

        boolean stopped() {
            synchronized (bytes) {
                return stopped;
            }
        }

        Result result(SandboxExec exec, String execId, boolean timedOut) {
            synchronized (bytes) {
                return new Result(exec, execId, bytes.toString(StandardCharsets.UTF_8), truncated, timedOut);
            }
        }
    }
}
