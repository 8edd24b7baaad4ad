package dev.dockerlab.lesson;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.dockerlab.sandbox.SandboxProfile;

/**
 * A lesson in one language, as read from its folder, its Markdown already rendered to HTML.
 * {@code language} is the language this copy is in; {@code languages} are all it is offered in.
 * {@code notes} say what of the original cannot apply here (a Killercoda scenario's other machine).
 * {@code sandbox} is the sandbox profile the lesson needs ({@code sandbox: docker} in its front
 * matter); empty: whatever the operator made the default. {@code nodes} is how many Docker-enabled
 * sandboxes the learner gets for it ({@code nodes: 3}: {@code node1} to {@code node3} on a network of
 * their own, docs/swarm.md); 1 for every lesson that does not say.
 */
public record Lesson(
        String slug,
        String title,
        String summary,
        String duration,
        String level,
        int order,
        List<String> objectives,
        List<String> keyPoints,
        String introHtml,
        List<Step> steps,
        String finishHtml,
        List<String> languages,
        String language,
        Format format,
        List<String> notes,
        Optional<SandboxProfile> sandbox,
        Optional<Scenario> scenario,
        int nodes) {

    /** The most nodes a lesson may ask for; the operator may allow fewer ({@code dockerlab.docker.max-nodes}). */
    public static final int MAX_NODES = 5;

    public Lesson(String slug, String title, String summary, String duration, String level, int order,
            List<String> objectives, List<String> keyPoints, String introHtml, List<Step> steps, String finishHtml,
            List<String> languages, String language, Format format, List<String> notes, Optional<SandboxProfile> sandbox,
            Optional<Scenario> scenario) {
        this(slug, title, summary, duration, level, order, objectives, keyPoints, introHtml, steps, finishHtml, languages,
                language, format, notes, sandbox, scenario, 1);
    }

    public Lesson(String slug, String title, String summary, String duration, String level, int order,
            List<String> objectives, List<String> keyPoints, String introHtml, List<Step> steps, String finishHtml,
            List<String> languages, String language, Format format, List<String> notes, Optional<SandboxProfile> sandbox) {
        this(slug, title, summary, duration, level, order, objectives, keyPoints, introHtml, steps, finishHtml, languages,
                language, format, notes, sandbox, Optional.empty());
    }

    public enum Format {
        DOCKERLAB, KILLERCODA
    }

    /** Whether its terminal, scripts and checks run as root in the sandbox's machine ({@code sandbox: root}). */
    public boolean asRoot() {
        return sandbox.orElse(null) == SandboxProfile.ROOT;
    }

    /** The scenario stages the page announces as the learner reaches them ({@code intro 1 finish}); empty for most lessons. */
    public String scriptStages() {
        return scenario.map(s -> String.join(" ", s.activeStages())).orElse("");
    }

    /** Step {@code number} as a request names it; a number the lesson has no step for is a {@link StepNotFoundException}. */
    public Step requireStep(String number) {
        try {
            return step(Integer.parseInt(number)).orElseThrow(() -> new StepNotFoundException(this, number));
        } catch (NumberFormatException e) {
            throw new StepNotFoundException(this, number);
        }
    }

    /** Step {@code number}, counted from 1. */
    public Optional<Step> step(int number) {
        return number >= 1 && number <= steps.size() ? Optional.of(steps.get(number - 1)) : Optional.empty();
    }

    /**
     * One step: its text, and optionally a check (run in the learner's sandbox; exit 0 means done),
     * a hint shown when the check fails, and a solution (commands that do the step); or instead of
     * a check, a quiz the server grades. {@code runs} is the solution as "Run solution" types it,
     * block by block, each with whether Ctrl-C goes first; a blank {@code title} is a step known by
     * its number alone (a Killercoda step without one).
     */
    public record Step(int number, String title, String html, String hintHtml, String solution, Check check, Quiz quiz,
            List<Run> runs) {

        public Step {
            runs = runs != null ? List.copyOf(runs)
                    : solution == null || solution.isBlank() ? List.of() : List.of(new Run(solution, false));
        }

        public Step(int number, String title, String html, String hintHtml, String solution, Check check) {
            this(number, title, html, hintHtml, solution, check, null, null);
        }

        public Step(int number, String title, String html, String hintHtml, String solution, Check check, Quiz quiz) {
            this(number, title, html, hintHtml, solution, check, quiz, null);
        }

        public boolean hasTitle() {
            return title != null && !title.isBlank();
        }

        public boolean hasCheck() {
            return check != null;
        }

        public boolean hasQuiz() {
            return quiz != null;
        }

        /** What the learner does to finish it, as the lesson API names it: check, quiz or text (just read). */
        public String kind() {
            return hasCheck() ? "check" : hasQuiz() ? "quiz" : "text";
        }

        public boolean hasSolution() {
            return solution != null && !solution.isBlank();
        }

        public boolean hasHint() {
            return hintHtml != null && !hintHtml.isBlank();
        }
    }

    /** One block of a solution: typed with Enter after each line, after Ctrl-C when {@code interrupt}. */
    public record Run(String command, boolean interrupt) {
    }

    /**
     * A step's check. {@code failsBeforeSolution} is false where the check may already pass before
     * the learner does the step, so the lesson tests do not expect it to fail first.
     */
    public record Check(String command, Duration timeout, boolean failsBeforeSolution) {
    }
}
