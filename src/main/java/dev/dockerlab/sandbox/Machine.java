package dev.dockerlab.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The "machine" of a {@link SandboxProfile#ROOT} sandbox: a long-lived container named and
 * hostnamed {@value #NAME} in the learner's own rootless engine, from the lesson-image registry's
 * {@value #IMAGE} (deploy/images/machine), with that engine's socket at /var/run/docker.sock. Its
 * root is uid 0 of the engine's user namespace, which is the learner (uid 1000 of the sandbox,
 * unprivileged) on the host: what a Killercoda scenario written for root needs, and nothing the
 * learner could not already get with {@code docker run -it debian} (docs/security.md).
 *
 * <p>The terminal's shell, a scenario's scripts and its checks enter it with {@code docker exec}
 * from the sandbox, as the learner; whichever comes first starts the engine and the machine (one
 * at a time, under a lock), and a machine that stopped or was removed is started or made again.
 */
public final class Machine {

    /** The machine's container name and hostname, as Killercoda's ubuntu backend calls its machine. */
    public static final String NAME = "ubuntu";
    /** The machine's image, as the lesson-image registry serves it (deploy/images/tags). */
    public static final String IMAGE = "dockerlab-machine:latest";
    /** Label that tells the machine from a learner's own container called {@value #NAME}. */
    static final String LABEL = "dockerlab.machine";

    /**
     * A shell function {@code machine_up}: the learner's engine answers and the machine runs,
     * started again (its files kept) when it stopped, made anew when it is gone. Output goes to
     * stderr; it fails with a sentence a learner can act on.
     */
    private static final String UP = """
            export PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
            : "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"
            machine_up() {
              mkdir -p "$XDG_RUNTIME_DIR" || return 1
              exec 8>"$XDG_RUNTIME_DIR/machine.lock" && flock 8 || return 1
              /usr/local/bin/dockerlab-engine ensure 8>&- || { exec 8>&-; return 1; }
              state=$(/usr/bin/docker inspect -f '{{.State.Running}} {{index .Config.Labels "%2$s"}}' %1$s 2>/dev/null)
              case $state in
                "true true") ;;
                "false true")
                  /usr/bin/docker start %1$s >/dev/null 2>&1 \\
                    || { /usr/bin/docker rm -f %1$s >/dev/null 2>&1; machine_new; } ;;
                "") machine_new ;;
                *) echo "A container of yours is called %1$s but is not this scenario's machine: remove it (docker rm -f %1$s) and try again." >&2
                   exec 8>&-; return 1 ;;
              esac
              ok=$?
              exec 8>&-
              return $ok
            }
            machine_new() {
              echo "Starting your machine (%1$s)..." >&2
              /usr/bin/docker run -d --name %1$s --hostname %1$s --init --label %2$s=true \\
                -v "$XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock" -w /root %3$s sleep infinity >/dev/null 8>&- \\
                || { echo "Your machine (%1$s) did not start: see the lines above." >&2; return 1; }
            }
            """.formatted(NAME, LABEL, IMAGE);

    /**
     * The terminal's shell: root's login bash in the machine, through {@code docker exec -it} on
     * the keeper's terminal. When it ends because the learner left it ({@code exit}) the keeper's
     * shell ends too, as in any sandbox; when the machine stopped under it (removed, engine gone)
     * the machine is brought back and the learner is let in again.
     */
    private static final String SHELL = UP + """
            while :; do
              if ! machine_up; then
                printf 'Press Enter to try again. ' >&2; read -r _ || exit 1; continue
              fi
              /usr/bin/docker exec -it -e TERM -e COLORTERM -e LANG %1$s bash -l
              status=$?
              if [ "$(/usr/bin/docker inspect -f '{{.State.Running}}' %1$s 2>/dev/null)" = true ]; then exit $status; fi
              echo; echo "Your machine (%1$s) stopped; bringing it back..." >&2
            done
            """.formatted(NAME);

    /** $@: a command, run as root in the machine's /root (no terminal, no stdin). */
    private static final String EXEC = UP + """
            said=$(machine_up 2>&1) || { printf '%%s\\n' "$said"; exit 125; }
            exec /usr/bin/docker exec -w /root %1$s "$@"
            """.formatted(NAME);

    private Machine() {
    }

    /** The keeper's shell for sandboxes of {@code profile}: empty for the keeper's own login bash. */
    public static List<String> shell(SandboxProfile profile) {
        return profile == SandboxProfile.ROOT ? List.of("/bin/sh", "-c", SHELL, "dockerlab-machine") : List.of();
    }

    /** {@code command}, run as root inside the machine instead of as the learner in the sandbox. */
    public static LearnerCommand inside(LearnerCommand command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", EXEC, "dockerlab-machine"));
        argv.addAll(command.argv());
        return new LearnerCommand(argv, command.timeout(), command.outputCap(), command.readPastCap());
    }
}
