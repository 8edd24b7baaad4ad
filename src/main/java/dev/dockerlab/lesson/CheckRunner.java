package dev.dockerlab.lesson;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.sandbox.LearnerCommand;
import dev.dockerlab.sandbox.Machine;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxExec;

/**
 * Runs a step's check in a learner's sandbox the way the learner's own shell would run it: as the
 * learner in the home folder, with bash (from a file, like a script), but without a TTY, with a timeout and with its output
 * capped. A check still running at its timeout is killed (coreutils {@code timeout} in the
 * sandbox, and the server stops waiting shortly after in any case) and counts as failed.
 */
@ApplicationScoped
public class CheckRunner {

    /** Output kept from one check; the rest is read and dropped. */
    static final int OUTPUT_LIMIT = 8 * 1024;
    /** After the timeout: time for {@code timeout} to kill, and for the exec to report. */
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** What a root check may wait, besides its own time, for a machine that is still starting. */
    private static final Duration MACHINE_START = Duration.ofSeconds(90);

    /**
     * $1 the check, $2 seconds. Its stderr counts as output too. The check runs from a file, as
     * Killercoda runs {@code verify.sh}, never as {@code bash -c <text>}: its text is then on no
     * process's command line, so a {@code pgrep -f} or {@code pkill -f} in it finds what the
     * learner started, not the check itself. The file is opened on fd 3 and removed before the
     * check starts ({@code bash /dev/fd/3}); where no file can be made (a full /tmp) it falls back
     * to {@code -c}. {@code timeout -k 1} sends TERM to the check's whole process group, then KILL
     * a second later; without coreutils the server's own deadline still holds.
     */
    static final String WRAPPER = """
            exec 2>&1
            if command -v bash >/dev/null 2>&1; then sh=bash; else sh=sh; fi
            t=$2
            if f=$(mktemp /tmp/.dockerlab-check.XXXXXX 2>/dev/null) && printf '%s\\n' "$1" > "$f" && exec 3<"$f"; then
              rm -f "$f"; set -- /dev/fd/3
            else
              rm -f "$f" 2>/dev/null; set -- -c "$1"
            fi
            if command -v timeout >/dev/null 2>&1; then exec timeout -k 1 "$t" "$sh" "$@"; fi
            exec "$sh" "$@"
            """;

    /** How one run ended. {@code exitCode} is -1 when the server stopped waiting. */
    public record Outcome(long exitCode, String output, boolean timedOut) {

        public boolean passed() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final SandboxExec execs;

    public CheckRunner(SandboxExec execs) {
        this.execs = execs;
    }

    /**
     * Runs {@code script} in the sandbox.
     *
     * @throws dev.dockerlab.sandbox.SandboxException.Gone when the sandbox no longer exists
     */
    public Outcome run(Sandbox sandbox, String script, Duration timeout) {
        return run(sandbox, script, timeout, false);
    }

    /**
     * Runs {@code script} in the sandbox, or as root inside its machine when {@code asRoot} (a root
     * scenario's verify, as on Killercoda), where the server also waits for a machine that is
     * still starting.
     *
     * @throws dev.dockerlab.sandbox.SandboxException.Gone when the sandbox no longer exists
     */
    public Outcome run(Sandbox sandbox, String script, Duration timeout, boolean asRoot) {
        long seconds = Math.max(1, timeout.toSeconds());
        LearnerCommand check = new LearnerCommand(
                List.of("/bin/sh", "-c", WRAPPER, "dockerlab-check", script, Long.toString(seconds)),
                Duration.ofSeconds(seconds).plus(GRACE), OUTPUT_LIMIT, true);
        if (asRoot) {
            check = Machine.inside(check).withTimeout(check.timeout().plus(MACHINE_START));
        }
        long started = System.nanoTime();
        SandboxExec.Result result = execs.run(sandbox, check);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (result.timedOut()) {
            return new Outcome(-1, result.output(), true);
        }
        Long code = result.exitCode();
        long exit = code == null ? -1 : code;
        // timeout(1) answers 124 when it stopped the check with TERM, 137 when it had to KILL
        boolean timedOut = (exit == 124 || exit == 137) && took.toMillis() >= seconds * 1000 - 100;
        return new Outcome(exit, result.output(), timedOut);
    }
}
