package dev.dockerlab.lesson;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.Sandbox;

/**
 * Runs a step's check in a learner's sandbox the way the learner's own shell would run it: as uid
 * 1000 in the home folder, with bash, but without a TTY, with a timeout and with its output capped.
 * A check still running at its timeout is killed (coreutils {@code timeout} in the sandbox, and
 * the server stops waiting shortly after in any case) and counts as failed.
 */
@ApplicationScoped
public class CheckRunner {

    private static final Logger LOG = Logger.getLogger(CheckRunner.class);

    /** Output kept from one check; the rest is read and dropped. */
    static final int OUTPUT_LIMIT = 8 * 1024;
    /** After the timeout: time for {@code timeout} to kill, and for the exec to report. */
    private static final Duration GRACE = Duration.ofSeconds(3);

    /**
     * $1 the check, $2 seconds. {@code timeout -k 1} sends TERM to the check's whole process group,
     * then KILL a second later; without coreutils the server's own deadline still holds.
     */
    static final String WRAPPER = """
            if command -v bash >/dev/null 2>&1; then sh=bash; else sh=sh; fi
            if command -v timeout >/dev/null 2>&1; then exec timeout -k 1 "$2" "$sh" -c "$1"; fi
            exec "$sh" -c "$1"
            """;

    /** How one run ended. {@code exitCode} is -1 when the server stopped waiting. */
    public record Outcome(long exitCode, String output, boolean timedOut) {

        public boolean passed() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final Engine engine;

    public CheckRunner(Engine engine) {
        this.engine = engine;
    }

    /**
     * Runs {@code script} in the sandbox.
     *
     * @throws com.github.dockerjava.api.exception.NotFoundException when the sandbox no longer exists
     */
    public Outcome run(Sandbox sandbox, String script, Duration timeout) {
        DockerClient docker = engine.client();
        long seconds = Math.max(1, timeout.toSeconds());
        String exec = engine.call(() -> docker.execCreateCmd(sandbox.containerId())
                .withUser("1000:1000")
                .withTty(false)
                .withAttachStdin(false)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withEnv(List.of("HOME=/home/learner", "USER=learner", "LANG=C.UTF-8", "TERM=dumb"))
                .withWorkingDir("/home/learner")
                .withCmd("/bin/sh", "-c", WRAPPER, "dockerlab-check", script, Long.toString(seconds))
                .exec().getId());
        Capture capture = new Capture();
        long started = System.nanoTime();
        boolean finished;
        try {
            docker.execStartCmd(exec).exec(capture);
            finished = capture.awaitCompletion(seconds * 1000 + GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!finished) {
            try {
                capture.close();
            } catch (Exception e) {
                LOG.debugf("closing a check's stream: %s", e.getMessage());
            }
            return new Outcome(-1, capture.text(), true);
        }
        Long code = exitCode(docker, exec);
        long exit = code == null ? -1 : code;
        // timeout(1) answers 124 when it stopped the check with TERM, 137 when it had to KILL
        boolean timedOut = (exit == 124 || exit == 137) && took.toMillis() >= seconds * 1000 - 100;
        return new Outcome(exit, capture.text(), timedOut);
    }

    /** The exit code; the engine may need a moment after the stream ends to record it. */
    private static Long exitCode(DockerClient docker, String exec) {
        for (int i = 0; i < 20; i++) {
            var inspect = docker.inspectExecCmd(exec).exec();
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
        return docker.inspectExecCmd(exec).exec().getExitCodeLong();
    }

    /** stdout and stderr together, up to {@link #OUTPUT_LIMIT}. */
    private static final class Capture extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            synchronized (out) {
                // docker-java reuses the buffer: write copies the bytes before the next frame arrives
                int room = OUTPUT_LIMIT - out.size();
                if (room > 0) {
                    out.write(payload, 0, Math.min(room, payload.length));
                }
            }
        }

        String text() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
