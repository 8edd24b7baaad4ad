package dev.dockerlab.lesson;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * Checks a step: runs its check (from the lesson files, never from a request) in the learner's own
 * sandbox, announces the step as passed ({@link StepPassed}) when it passes, and answers in the learner's language.
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
    private final Event<StepPassed> passed;
    private final Event<CheckRan> ran;

    public CheckService(LessonCatalog catalog, SandboxService sandboxes, CheckRunner runner, Event<StepPassed> passed,
            Event<CheckRan> ran) {
        this.ran = ran;
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.runner = runner;
        this.passed = passed;
    }

    public Result check(LearnerId learner, String slug, String stepNumber, String language) {
        Lesson lesson = catalog.get(slug, language);
        Lesson.Step step = lesson.requireStep(stepNumber);
        if (step.hasQuiz()) {
            throw new StepKindException("Step " + step.number() + " of '" + lesson.slug() + "' is a quiz: send the learner's"
                    + " answer to /api/lessons/" + lesson.slug() + "/steps/" + step.number() + "/answer instead.");
        }
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        if (!step.hasCheck()) {
            passed.fire(new StepPassed(learner, lesson.slug(), step.number()));
            return new Result(true, msg.check_nothing(), "");
        }
        Sandbox sandbox = sandboxes.find(learner).orElseThrow(NoSandboxException::new);
        CheckRunner.Outcome outcome;
        long began = System.nanoTime();
        try {
            outcome = runner.run(sandbox, step.check().command(), step.check().timeout(), lesson.asRoot());
        } catch (SandboxException.Gone e) {
            sandboxes.forgetGone(learner.hash());
            throw new NoSandboxException();
        }
        ran.fire(new CheckRan(outcome.passed() ? CheckRan.Result.PASSED
                : outcome.timedOut() ? CheckRan.Result.TIMED_OUT : CheckRan.Result.FAILED,
                Duration.ofNanos(System.nanoTime() - began)));
        if (outcome.passed()) {
            passed.fire(new StepPassed(learner, lesson.slug(), step.number()));
            return new Result(true, messageOr(outcome.output(), msg.check_passed()), "");
        }
        String message = outcome.timedOut()
                ? msg.check_timed_out(step.check().timeout().toSeconds())
                : messageOr(outcome.output(), msg.check_failed());
        String hint = step.hasHint() ? Html.toText(step.hintHtml()) : msg.check_default_hint();
        return new Result(false, message, hint);
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
