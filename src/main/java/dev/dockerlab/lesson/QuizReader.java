package dev.dockerlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a step's {@code quiz:} block (format in {@code docs/lesson-format.md}): in the original
 * file with which options are right, in a translation only the texts, each falling back to the
 * original's when the translation lacks it. Problems go to the list given, with file and line.
 */
final class QuizReader {

    static final Set<String> QUIZ_KEYS = Set.of("kind", "options", "answer", "why", "explanation");
    static final Set<String> OPTION_KEYS = Set.of("text", "correct", "why");

    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*-\\s");
    private static final Pattern ANSWER_KEYS = Pattern.compile("^\\s*(?:-\\s+)?(correct|answer|kind)\\s*:");

    /** A quiz as written, Markdown not yet rendered. */
    record Source(Quiz.Kind kind, List<OptionSource> options, boolean answer, String why, String explanation) {
    }

    record OptionSource(String text, boolean correct, String why) {
    }

    private final Markdown markdown;

    QuizReader(Markdown markdown) {
        this.markdown = markdown;
    }

    /** The original's quiz, or empty when it cannot be answered right (the problem says why). */
    Optional<Source> original(FrontMatter meta, String file, List<Problem> problems) {
        if (!(meta.values().get("quiz") instanceof Map<?, ?> block)) {
            problems.add(new Problem(file, meta.line("quiz"), "quiz: must hold kind:, options: (or answer:) and explanation:"));
            return Optional.empty();
        }
        unknownKeys(block, QUIZ_KEYS, meta, file, "quiz", problems);
        Optional<Quiz.Kind> kind = Optional.ofNullable(block.get("kind")).map(String::valueOf).flatMap(Quiz.Kind::parse);
        if (kind.isEmpty()) {
            problems.add(new Problem(file, meta.lineIn("quiz", Pattern.compile("^\\s*kind\\s*:"), 0),
                    "quiz kind: must be single, multiple or true-false"));
            return Optional.empty();
        }
        String why = text(block.get("why"));
        String explanation = text(block.get("explanation"));
        if (kind.get() == Quiz.Kind.TRUE_FALSE) {
            if (block.containsKey("options")) {
                problems.add(new Problem(file, meta.lineIn("quiz", Pattern.compile("^\\s*options\\s*:"), 0),
                        "a true-false quiz has no options: the page shows True and False; give answer: true or false"));
            }
            if (!(block.get("answer") instanceof Boolean answer)) {
                problems.add(new Problem(file, meta.lineIn("quiz", Pattern.compile("^\\s*(kind|answer)\\s*:"), 0),
                        "a true-false quiz needs answer: true or answer: false"));
                return Optional.empty();
            }
            return Optional.of(new Source(kind.get(), List.of(), answer, why, explanation));
        }
        if (block.containsKey("answer")) {
            problems.add(new Problem(file, meta.lineIn("quiz", Pattern.compile("^\\s*answer\\s*:"), 0),
                    "answer: is for true-false quizzes; mark the right options with correct: true"));
        }
        List<?> items = block.get("options") instanceof List<?> list ? list : List.of();
        if (items.size() < 2) {
            problems.add(new Problem(file, meta.line("quiz"), "a " + kind.get().id() + " quiz needs at least two options:"
                    + " (- text: ...)"));
            return Optional.empty();
        }
        List<OptionSource> options = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int line = meta.lineIn("quiz", LIST_ITEM, i);
            if (!(items.get(i) instanceof Map<?, ?> option) || text(option.get("text")).isEmpty()) {
                problems.add(new Problem(file, line, "option " + (i + 1) + " has no text: (- text: \"...\")"));
                options.add(new OptionSource("", false, ""));
                continue;
            }
            unknownKeys(option, OPTION_KEYS, meta, file, "option " + (i + 1), problems);
            Object correct = option.get("correct");
            if (correct != null && !(correct instanceof Boolean)) {
                problems.add(new Problem(file, line, "option " + (i + 1) + ": correct must be true (or left out)"));
            }
            options.add(new OptionSource(text(option.get("text")), Boolean.TRUE.equals(correct), text(option.get("why"))));
        }
        long right = options.stream().filter(OptionSource::correct).count();
        if (kind.get() == Quiz.Kind.SINGLE && right != 1) {
            problems.add(new Problem(file, meta.line("quiz"), "a single-choice quiz needs exactly one option with correct: true"
                    + " (it has " + right + "); for several right options use kind: multiple"));
            return Optional.empty();
        }
        if (kind.get() == Quiz.Kind.MULTIPLE && right == 0) {
            problems.add(new Problem(file, meta.line("quiz"), "a multiple-choice quiz needs at least one option with correct: true"));
            return Optional.empty();
        }
        return Optional.of(new Source(kind.get(), List.copyOf(options), false, why, explanation));
    }

    /**
     * The original's quiz with a translation's texts: same options in the same order, each text the
     * translation lacks taken from the original (and reported).
     */
    Source translated(Source original, FrontMatter meta, String file, List<Problem> problems) {
        if (!(meta.values().get("quiz") instanceof Map<?, ?> block)) {
            problems.add(new Problem(file, meta.line("quiz"), "quiz: must hold the translated options:, why: and explanation:"));
            return original;
        }
        for (int i = 0; i < meta.source().size(); i++) {
            var m = ANSWER_KEYS.matcher(meta.source().get(i));
            if (i >= meta.line("quiz") && m.find()) {
                problems.add(new Problem(file, i + 1, m.group(1) + " belongs in the original only: the answer is the same in every"
                        + " language"));
            }
        }
        unknownKeys(block, Set.of("options", "why", "explanation", "correct", "answer", "kind"), meta, file, "quiz", problems);
        String why = translatedText(block, "why", original.why(), meta, file, problems);
        String explanation = translatedText(block, "explanation", original.explanation(), meta, file, problems);
        List<?> items = block.get("options") instanceof List<?> list ? list : List.of();
        if (items.size() != original.options().size()) {
            problems.add(new Problem(file, meta.line("quiz"), "the translation has " + items.size() + " option(s), the original "
                    + original.options().size() + ": translate every option, in the same order"));
            return new Source(original.kind(), original.options(), original.answer(), why, explanation);
        }
        List<OptionSource> options = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            OptionSource source = original.options().get(i);
            Map<?, ?> option = items.get(i) instanceof Map<?, ?> map ? map : Map.of();
            int line = meta.lineIn("quiz", LIST_ITEM, i);
            String text = text(option.get("text"));
            String optionWhy = text(option.get("why"));
            if (text.isEmpty()) {
                problems.add(new Problem(file, line, "option " + (i + 1) + " has no translated text:"));
                text = source.text();
            }
            if (optionWhy.isEmpty() && !source.why().isEmpty()) {
                problems.add(new Problem(file, line, "option " + (i + 1) + " has no translated why: (the original has one)"));
                optionWhy = source.why();
            }
            unknownKeys(option, Set.of("text", "why", "correct"), meta, file, "option " + (i + 1), problems);
            options.add(new OptionSource(text, source.correct(), optionWhy));
        }
        return new Source(original.kind(), List.copyOf(options), original.answer(), why, explanation);
    }

    /** The quiz rendered for a page, relative addresses against {@code base}. */
    Quiz render(Source source, String base) {
        List<Quiz.Option> options = source.options().stream()
                .map(o -> new Quiz.Option(markdown.toInlineHtml(o.text(), base), o.correct(), html(o.why(), base)))
                .toList();
        return new Quiz(source.kind(), options, source.answer(), html(source.why(), base), html(source.explanation(), base));
    }

    private String html(String md, String base) {
        return md.isEmpty() ? "" : markdown.toHtml(md, base);
    }

    private static String translatedText(Map<?, ?> block, String key, String original, FrontMatter meta, String file,
            List<Problem> problems) {
        String text = text(block.get(key));
        if (text.isEmpty() && !original.isEmpty()) {
            problems.add(new Problem(file, meta.line("quiz"), "the quiz has no translated " + key + ": (the original has one)"));
            return original;
        }
        return text;
    }

    private static void unknownKeys(Map<?, ?> block, Set<String> known, FrontMatter meta, String file, String where,
            List<Problem> problems) {
        for (Object key : block.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(new Problem(file, meta.lineIn("quiz", Pattern.compile("^\\s*(?:-\\s+)?" + Pattern.quote(String.valueOf(key))
                        + "\\s*:"), 0), "unknown key " + key + " in " + where + "; known keys there are " + new TreeSet<>(known)));
            }
        }
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }
}
