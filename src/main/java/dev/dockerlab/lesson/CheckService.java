package dev.dockerlab.lesson;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.dockerjava.api.exception.NotFoundException;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.progress.ProgressService;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * Checks a step: runs its check (from the lesson files, never from a request) in the learner's own
 * sandbox, records the step as done when it passes, and answers in the learner's language.
 */
@ApplicationScoped
public class CheckService {

    /** The most of a check's output shown to the learner as the message. */
    static final int MESSAGE_LIMIT = 1000;

    public record Result(boolean passed, String message, String hint) {
    }

    private final LessonCatalog catalog;
    private final SandboxService sandboxes;
    private final CheckRunner runner;
    private final ProgressService progress;

    public CheckService(LessonCatalog catalog, SandboxService sandboxes, CheckRunner runner, ProgressService progress) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.runner = runner;
        this.progress = progress;
    }

    public Result check(LearnerId learner, String slug, String stepNumber, String language) {
        Lesson lesson = catalog.get(slug, language);
        Lesson.Step step = parse(stepNumber).flatMap(lesson::step).orElseThrow(() -> new StepNotFoundException(lesson, stepNumber));
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        if (!step.hasCheck()) {
            progress.markDone(learner, lesson.slug(), step.number());
            return new Result(true, msg.check_nothing(), "");
        }
        Sandbox sandbox = sandboxes.find(learner).orElseThrow(NoSandboxException::new);
        CheckRunner.Outcome outcome;
        try {
            outcome = runner.run(sandbox, step.check().command(), step.check().timeout());
        } catch (NotFoundException e) {
            sandboxes.forgetGone(learner.hash());
            throw new NoSandboxException();
        }
        if (outcome.passed()) {
            progress.markDone(learner, lesson.slug(), step.number());
            return new Result(true, messageOr(outcome.output(), msg.check_passed()), "");
        }
        String message = outcome.timedOut()
                ? msg.check_timed_out(step.check().timeout().toSeconds())
                : messageOr(outcome.output(), msg.check_failed());
        String hint = step.hasHint() ? Html.toText(step.hintHtml()) : msg.check_default_hint();
        return new Result(false, message, hint);
    }

    private static java.util.Optional<Integer> parse(String number) {
        try {
            return java.util.Optional.of(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A check may explain itself by what it prints; otherwise the standard sentence. */
    private static String messageOr(String output, String fallback) {
        String text = output == null ? "" : output.strip();
        if (text.isEmpty()) {
            return fallback;
        }
        return text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) + "…" : text;
    }
}
