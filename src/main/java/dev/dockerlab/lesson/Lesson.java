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
 * matter); empty: whatever the operator made the default.
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
        Optional<SandboxProfile> sandbox) {

    public enum Format {
        DOCKERLAB, KILLERCODA
    }

    /** Step {@code number}, counted from 1. */
    public Optional<Step> step(int number) {
        return number >= 1 && number <= steps.size() ? Optional.of(steps.get(number - 1)) : Optional.empty();
    }

    /**
     * One step: its text, and optionally a check (run in the learner's sandbox; exit 0 means done),
     * a hint shown when the check fails, and a solution (commands that do the step).
     */
    public record Step(int number, String title, String html, String hintHtml, String solution, Check check) {

        public boolean hasCheck() {
            return check != null;
        }

        public boolean hasSolution() {
            return solution != null && !solution.isBlank();
        }

        public boolean hasHint() {
            return hintHtml != null && !hintHtml.isBlank();
        }
    }

    /**
     * A step's check. {@code failsBeforeSolution} is false where the check may already pass before
     * the learner does the step, so the lesson tests do not expect it to fail first.
     */
    public record Check(String command, Duration timeout, boolean failsBeforeSolution) {
    }
}
