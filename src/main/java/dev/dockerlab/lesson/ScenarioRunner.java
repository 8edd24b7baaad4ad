package dev.dockerlab.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.sandbox.LearnerCommand;
import dev.dockerlab.sandbox.Machine;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxExec;

/**
 * Does what a Killercoda scenario does to its machine, in the learner's sandbox and as the
 * learner, or for a root scenario as root inside the sandbox's machine ({@link Machine}): places
 * its assets, starts a stage's background script hidden (its output
 * in {@code /tmp/killercoda/<slug>/<stage>-background.log}) and hands back its foreground script
 * for the page to type into the terminal. Each stage runs once per sandbox: a marker folder
 * claimed with {@code mkdir}, which is atomic, so two tabs or a reload never run it twice.
 */
@ApplicationScoped
public class ScenarioRunner {

    /** Where a scenario's logs, scripts and markers live in the sandbox (Killercoda: /var/log/killercoda, root's). */
    static final String FOLDER = "/tmp/killercoda/";
    /** An asset travels base64-encoded in arguments of at most 128 KiB each: 98,301 bytes (a multiple of 3) per piece. */
    private static final int PIECE = 98_301;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration MACHINE_WAIT = Duration.ofSeconds(110);

    /** $1 folder, $2 stage: prints "claimed" once per sandbox, "done" after. */
    private static final String CLAIM = """
            mkdir -p "$1" 2>/dev/null
            if mkdir "$1/.$2.ran" 2>/dev/null; then echo claimed; else echo done; fi
            """;

    /** $1 the file (~/ for the home folder), $2 chmod mode or empty, then the base64 pieces. */
    private static final String PLACE = """
            f=$1; mode=$2; shift 2
            case $f in "~/"*) f="$HOME/${f#"~/"}";; esac
            mkdir -p "$(dirname "$f")" && printf '%s' "$@" | base64 -d > "$f" || exit 1
            if [ -n "$mode" ]; then chmod "$mode" "$f"; fi
            """;

    /**
     * $1 folder, $2 stage, $3 the script. Written to a file and run as {@code bash <file>}, detached
     * from the exec (its own session, no terminal, input from /dev/null) in the home folder, as a
     * Killercoda background script runs; its text is on no command line a verify's pgrep could see.
     */
    private static final String BACKGROUND = """
            s="$1/$2-background.sh"; log="$1/$2-background.log"
            printf '%s\\n' "$3" > "$s" || exit 1
            cd "$HOME" || exit 1
            if command -v setsid >/dev/null 2>&1; then
              setsid nohup bash "$s" > "$log" 2>&1 < /dev/null &
            else
              nohup bash "$s" > "$log" 2>&1 < /dev/null &
            fi
            echo started
            """;

    private final SandboxExec execs;

    public ScenarioRunner(SandboxExec execs) {
        this.execs = execs;
    }

    /**
     * Runs {@code stage} in the sandbox unless it ran there before (the intro places the assets
     * first). Answers the foreground script to type, empty when there is none or it ran before.
     *
     * @throws dev.dockerlab.sandbox.SandboxException.Gone when the sandbox no longer exists
     */
    public String run(Sandbox sandbox, String slug, Scenario scenario, Scenario.Stage stage) {
        return run(sandbox, slug, scenario, stage, false);
    }

    /**
     * {@link #run(Sandbox, String, Scenario, Scenario.Stage)}, as root inside the sandbox's machine
     * when {@code asRoot} (a root scenario: its markers, assets and scripts all live there).
     */
    public String run(Sandbox sandbox, String slug, Scenario scenario, Scenario.Stage stage, boolean asRoot) {
        String folder = FOLDER + slug;
        boolean assets = stage.name().equals(Scenario.INTRO) && !scenario.assets().isEmpty();
        if (!stage.hasScripts() && !assets) {
            return "";
        }
        String claim = exec(sandbox, LearnerCommand.script(CLAIM, folder, stage.name()), asRoot);
        if (!claim.strip().equals("claimed")) {
            return "";
        }
        if (assets) {
            for (Scenario.Asset asset : scenario.assets()) {
                place(sandbox, asset, asRoot);
            }
        }
        if (!stage.background().isBlank()) {
            exec(sandbox, LearnerCommand.script(BACKGROUND, folder, stage.name(), stage.background()), asRoot);
        }
        return stage.foreground();
    }

    private void place(Sandbox sandbox, Scenario.Asset asset, boolean asRoot) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(asset.file());
        } catch (IOException e) {
            throw new UncheckedIOException("asset " + asset.file() + " could not be read", e);
        }
        List<String> args = new ArrayList<>(List.of(asset.target(), asset.chmod()));
        Base64.Encoder base64 = Base64.getEncoder();
        for (int at = 0; at < bytes.length; at += PIECE) {
            args.add(base64.encodeToString(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + PIECE))));
        }
        exec(sandbox, LearnerCommand.script(PLACE, args.toArray(String[]::new)), asRoot);
    }

    private String exec(Sandbox sandbox, LearnerCommand command, boolean asRoot) {
        LearnerCommand bounded = command.withTimeout(WAIT).withOutputCap(4096);
        // a machine that is still starting (its engine, its image's first pull) may take a while
        return execs.run(sandbox, asRoot ? Machine.inside(bounded).withTimeout(MACHINE_WAIT) : bounded).output();
    }
}
