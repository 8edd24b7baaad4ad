package dev.dockerlab.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a Killercoda scenario does to the machine besides showing text: its set-up scripts, stage
 * by stage ({@code intro}, each step by its number, {@code finish}), and the asset files placed
 * before the intro's scripts run. Stages are in the order a learner reaches them.
 */
public record Scenario(List<Stage> stages, List<Asset> assets) {

    public static final String INTRO = "intro";
    public static final String FINISH = "finish";

    public Scenario {
        stages = List.copyOf(stages);
        assets = List.copyOf(assets);
    }

    /**
     * One stage's scripts (empty text when it has none). {@code background} runs hidden, its output
     * in a log in the sandbox; {@code foreground} is typed into the learner's terminal.
     */
    public record Stage(String name, String background, String foreground) {

        public boolean hasScripts() {
            return !background.isBlank() || !foreground.isBlank();
        }
    }

    /**
     * A file of the scenario's {@code assets/} folder and where in the sandbox it goes ({@code target}
     * is the file's own absolute path there); {@code chmod} is a mode for {@code chmod}, or empty.
     */
    public record Asset(Path file, String target, String chmod) {
    }

    public Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The stages up to and including {@code name}, in order: what a learner who reached it has been through. */
    public List<Stage> upTo(String name) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(name)) {
                return stages.subList(0, i + 1);
            }
        }
        return List.of();
    }

    /** The stages the page must announce when the learner reaches them (scripts to run, or the assets at the intro). */
    public List<String> activeStages() {
        return stages.stream()
                .filter(s -> s.hasScripts() || (s.name().equals(INTRO) && !assets.isEmpty()))
                .map(Stage::name).toList();
    }
}
