package dev.dockerlab.lesson;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.learner.LearnerId;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * Grades a learner's answer to a quiz step on the server (the page never knows the right answer),
 * announces a right answer as the step passed ({@link StepPassed}), and explains in the learner's language.
 */
@ApplicationScoped
public class QuizService {

    /** {@code explanation} as text; {@code explanationHtml} the same rendered from the lesson's Markdown, for the page. */
    public record Result(boolean correct, String explanation, String explanationHtml) {
    }

    private final LessonCatalog catalog;
    private final Event<StepPassed> passed;

    public QuizService(LessonCatalog catalog, Event<StepPassed> passed) {
        this.catalog = catalog;
        this.passed = passed;
    }

    public Result answer(LearnerId learner, String slug, String stepNumber, List<Integer> choices, String language) {
        Lesson lesson = catalog.get(slug, language);
        Lesson.Step step = lesson.requireStep(stepNumber);
        if (!step.hasQuiz()) {
            throw new StepKindException("Step " + step.number() + " of '" + lesson.slug() + "' is not a quiz: it is a "
                    + step.kind() + " step, finished with /api/lessons/" + lesson.slug() + "/steps/" + step.number() + "/check.");
        }
        Quiz quiz = step.quiz();
        Quiz.Grade grade = quiz.grade(validChoices(quiz, choices));
        if (grade.correct()) {
            passed.fire(new StepPassed(learner, lesson.slug(), step.number()));
        }
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        String html = grade.explanationHtml().isBlank()
                ? "<p>" + (grade.correct() ? msg.quiz_right() : msg.quiz_wrong()) + "</p>"
                : grade.explanationHtml();
        return new Result(grade.correct(), Html.toText(html), html);
    }

    /** The choices as a set, or a {@link BadAnswerException} saying what is wrong with them. */
    static Set<Integer> validChoices(Quiz quiz, List<Integer> choices) {
        if (choices == null || choices.isEmpty()) {
            throw new BadAnswerException("No choice given: send {\"choices\":[i, ...]} with the 0-based indexes of the chosen"
                    + " options" + (quiz.isTrueFalse() ? " (0 = true, 1 = false)." : "."));
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (Integer choice : choices) {
            if (choice == null || choice < 0 || choice >= quiz.choiceCount()) {
                throw new BadAnswerException("Choice " + choice + " is not an option: this quiz's options are numbered 0 to "
                        + (quiz.choiceCount() - 1) + ".");
            }
            if (!chosen.add(choice)) {
                throw new BadAnswerException("Choice " + choice + " is given twice.");
            }
        }
        if (!quiz.isMultiple() && chosen.size() > 1) {
            throw new BadAnswerException("This quiz takes one choice, not " + chosen.size() + ".");
        }
        return chosen;
    }
}
