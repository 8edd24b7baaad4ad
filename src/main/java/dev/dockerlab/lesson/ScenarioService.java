package dev.dockerlab.lesson;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.sandbox.SandboxService;

/**
 * A learner reaches a stage of a Killercoda scenario (its intro when the terminal opens, a step
 * when it comes on screen, the finish): the scripts of that stage, and of every stage before it
 * not yet run in this sandbox, run in order, as on Killercoda, where no stage can be skipped.
 */
@ApplicationScoped
public class ScenarioService {

    /** {@code ran}: the stages that ran now; {@code foreground}: their foreground scripts, in order, for the terminal. */
    public record Result(List<String> ran, List<String> foreground) {
    }

    private final LessonCatalog catalog;
    private final SandboxService sandboxes;
    private final ScenarioRunner runner;

    public ScenarioService(LessonCatalog catalog, SandboxService sandboxes, ScenarioRunner runner) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.runner = runner;
    }

    public Result reach(LearnerId learner, String slug, String stageName) {
        Lesson lesson = catalog.get(slug);
        Scenario scenario = lesson.scenario().orElse(null);
        if (scenario == null) {
            return new Result(List.of(), List.of());
        }
        List<Scenario.Stage> stages = scenario.upTo(stageName);
        if (stages.isEmpty()) {
            throw new StepNotFoundException(lesson, stageName);
        }
        Sandbox sandbox = sandboxes.find(learner).orElseThrow(NoSandboxException::new);
        List<String> ran = new ArrayList<>();
        List<String> foreground = new ArrayList<>();
        try {
            for (Scenario.Stage stage : stages) {
                String typed = runner.run(sandbox, slug, scenario, stage, lesson.asRoot());
                if (!typed.isBlank()) {
                    foreground.add(typed);
                }
                ran.add(stage.name());
            }
        } catch (SandboxException.Gone e) {
            sandboxes.forgetGone(learner.hash());
            throw new NoSandboxException();
        }
        return new Result(List.copyOf(ran), List.copyOf(foreground));
    }
}
