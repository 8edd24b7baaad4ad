package dev.dockerlab.lesson;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A quiz step's question in one language: its options' text rendered to HTML, and which are right
 * (always from the original file). Never rendered whole into a page or an answer: only the
 * options' text leaves the server before the learner answers.
 * {@code answer} is the right answer of a true-false quiz (which has no options).
 */
public record Quiz(Kind kind, List<Option> options, boolean answer, String whyHtml, String explanationHtml) {

    public enum Kind {
        SINGLE("single"), MULTIPLE("multiple"), TRUE_FALSE("true-false");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Optional<Kind> parse(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** One option: its text, whether it is right, and why it is wrong (empty when the author says nothing). */
    public record Option(String html, boolean correct, String whyHtml) {
    }

    /** How a set of choices fared: {@code explanationHtml} is the explanation when right, why not when wrong (may be empty). */
    public record Grade(boolean correct, String explanationHtml) {
    }

    /** Choice index of True and of False in a true-false quiz. */
    public static final int TRUE = 0;
    public static final int FALSE = 1;

    public boolean isTrueFalse() {
        return kind == Kind.TRUE_FALSE;
    }

    public boolean isMultiple() {
        return kind == Kind.MULTIPLE;
    }

    /** How many choices the learner has: the options, or True and False. */
    public int choiceCount() {
        return isTrueFalse() ? 2 : options.size();
    }

    /** The right choices, 0-based. */
    Set<Integer> rightChoices() {
        if (isTrueFalse()) {
            return Set.of(answer ? TRUE : FALSE);
        }
        return IntStream.range(0, options.size()).filter(i -> options.get(i).correct()).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Grades valid choices (in range, no repeats, one for single and true-false). Wrong: the why of
     * each option chosen wrongly (for multiple, also of each right option left out), else the
     * quiz's general why.
     */
    public Grade grade(Set<Integer> choices) {
        Set<Integer> right = rightChoices();
        if (right.equals(choices)) {
            return new Grade(true, explanationHtml);
        }
        Set<Integer> wrong = new LinkedHashSet<>();
        if (!isTrueFalse()) {
            IntStream.range(0, options.size()).filter(i -> choices.contains(i) != right.contains(i)).forEach(wrong::add);
        }
        String why = wrong.stream().map(i -> options.get(i).whyHtml()).filter(w -> !w.isBlank())
                .collect(Collectors.joining("\n"));
        return new Grade(false, why.isBlank() ? whyHtml : why);
    }
}
