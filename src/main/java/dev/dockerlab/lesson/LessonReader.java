package dev.dockerlab.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.dockerlab.sandbox.SandboxProfile;

/**
 * Reads one lesson folder in dockerlab's own format (see {@code docs/lesson-format.md}):
 * {@code lesson.md}, {@code steps/*.md}, {@code finish.md}, and their translations
 * {@code *.<lang>.md} beside them. Every problem found goes to the list given, with file and line;
 * a lesson is still read when its problems leave something a learner can use.
 */
final class LessonReader {

    static final Set<String> LESSON_KEYS = Set.of("title", "summary", "duration", "level", "order", "objectives", "keypoints",
            "sandbox", "nodes");
    static final List<String> TRANSLATED_LESSON_KEYS = List.of("title", "summary", "duration", "level", "objectives", "keypoints");
    static final Set<String> STEP_KEYS = Set.of("check", "hint", "solution", "timeout", "fails-before-solution", "quiz");
    static final List<String> TRANSLATED_STEP_KEYS = List.of("hint", "quiz");

    private static final Pattern TRANSLATION = Pattern.compile("(.+)\\.([a-z]{2})\\.md");
    private static final Pattern HEADING = Pattern.compile("\\A\\s*#\\s+(.+?)[ \\t#]*(?:\\R(.*))?\\z", Pattern.DOTALL);
    private static final Pattern SECONDS = Pattern.compile("(\\d+)\\s*s?");

    private final Markdown markdown;
    private final QuizReader quizzes;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    LessonReader(Markdown markdown, Duration defaultTimeout, Duration maxTimeout) {
        this.markdown = markdown;
        this.quizzes = new QuizReader(markdown);
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    /** A Markdown file's parts: front matter, the {@code # title} and the text after it. */
    private record Page(String file, FrontMatter meta, String title, String body, int bodyLine) {
    }

    /** The language-independent part of a step, from the original file. */
    private record StepSource(String name, Page page, String solution, Lesson.Check check, QuizReader.Source quiz) {
    }

    Optional<LessonSet> read(Path folder, String slug, int folderOrder, List<Problem> problems) throws IOException {
        String dir = folder.getFileName().toString();
        Page lesson = page(folder, dir, "lesson.md", false, LESSON_KEYS, problems);
        Optional<String> title = lesson.meta().string("title");
        if (title.isEmpty()) {
            problems.add(new Problem(lesson.file(), 1, "the front matter has no title (title: ...); the lesson is not shown"));
            return Optional.empty();
        }
        int order = folderOrder;
        if (lesson.meta().has("order")) {
            if (lesson.meta().values().get("order") instanceof Number n) {
                order = n.intValue();
            } else {
                problems.add(new Problem(lesson.file(), lesson.meta().line("order"), "order must be a whole number"));
            }
        }

        Optional<SandboxProfile> sandbox = Optional.empty();
        if (lesson.meta().has("sandbox")) {
            sandbox = lesson.meta().string("sandbox").flatMap(SandboxProfile::parse);
            if (sandbox.isEmpty()) {
                problems.add(new Problem(lesson.file(), lesson.meta().line("sandbox"), "sandbox must be plain, docker"
                        + " or root (docker: the learner's own Docker engine; root: root on a machine of that engine); the"
                        + " lesson gets the operator's default"));
            }
        }

        int nodes = 1;
        if (lesson.meta().has("nodes")) {
            if (lesson.meta().values().get("nodes") instanceof Number n && n.intValue() == n.doubleValue()
                    && n.intValue() >= 1 && n.intValue() <= Lesson.MAX_NODES) {
                nodes = n.intValue();
                if (nodes > 1 && sandbox.isEmpty()) {
                    sandbox = Optional.of(SandboxProfile.DOCKER);
                } else if (nodes > 1 && sandbox.get() != SandboxProfile.DOCKER) {
                    problems.add(new Problem(lesson.file(), lesson.meta().line("nodes"), "nodes are Docker-enabled sandboxes:"
                            + " a lesson with nodes: " + nodes + " needs sandbox: docker (or no sandbox: line)"));
                    nodes = 1;
                }
            } else {
                problems.add(new Problem(lesson.file(), lesson.meta().line("nodes"), "nodes must be a whole number from 1 to "
                        + Lesson.MAX_NODES + " (how many Docker-enabled sandboxes the learner gets); the lesson gets one"));
            }
        }

        TreeSet<String> languages = new TreeSet<>(List.of(LessonSet.DEFAULT_LANGUAGE));
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> TRANSLATION.matcher(p.getFileName().toString()))
                    .filter(m -> m.matches() && m.group(1).equals("lesson"))
                    .forEach(m -> languages.add(m.group(2)));
        }

        List<StepSource> steps = new ArrayList<>();
        Path stepsDir = folder.resolve("steps");
        List<String> stepNames = new ArrayList<>();
        if (Files.isDirectory(stepsDir)) {
            try (Stream<Path> files = Files.list(stepsDir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().forEach(stepNames::add);
            }
        }
        for (String name : stepNames) {
            Matcher translation = TRANSLATION.matcher(name);
            if (translation.matches()) {
                String original = translation.group(1) + ".md";
                if (!stepNames.contains(original)) {
                    problems.add(new Problem(dir + "/steps/" + name, 0, "a translation of steps/" + original
                            + ", which does not exist: rename it after its original or delete it"));
                } else if (!languages.contains(translation.group(2))) {
                    problems.add(new Problem(dir + "/steps/" + name, 0, "nobody sees this translation: lesson."
                            + translation.group(2) + ".md is missing, and a language is offered only when it is there"));
                }
                continue;
            }
            steps.add(stepSource(folder, dir, name, problems));
        }
        if (steps.isEmpty()) {
            problems.add(new Problem(dir + "/steps", 0, "the lesson has no steps: add steps/01-<name>.md"));
        }
        for (String finish : List.of("finish")) {
            for (String language : languages) {
                if (!language.equals(LessonSet.DEFAULT_LANGUAGE) && Files.exists(folder.resolve(finish + "." + language + ".md"))
                        && !Files.exists(folder.resolve(finish + ".md"))) {
                    problems.add(new Problem(dir + "/" + finish + "." + language + ".md", 0,
                            "a translation of " + finish + ".md, which does not exist"));
                }
            }
        }

        Map<String, Lesson> byLanguage = new LinkedHashMap<>();
        for (String language : languages) {
            byLanguage.put(language, build(folder, dir, slug, order, lesson, steps, language, List.copyOf(languages), sandbox,
                    nodes, problems));
        }
        return Optional.of(new LessonSet(slug, order, folder, byLanguage));
    }

    private StepSource stepSource(Path folder, String dir, String name, List<Problem> problems) throws IOException {
        Page page = page(folder, dir, "steps/" + name, true, STEP_KEYS, problems);
        FrontMatter meta = page.meta();
        String solution = meta.string("solution").orElse(null);
        if (meta.has("solution") && solution == null) {
            problems.add(new Problem(page.file(), meta.line("solution"), "solution is empty: give the commands that do the step"));
        }
        Lesson.Check check = null;
        if (meta.has("check")) {
            Optional<String> command = meta.string("check");
            if (command.isEmpty()) {
                problems.add(new Problem(page.file(), meta.line("check"), "a check without a command: give the command"
                        + " that exits 0 once the step is done, or remove check:"));
            } else {
                check = new Lesson.Check(command.get(), timeout(page, problems), failsBeforeSolution(page, problems));
                if (solution == null) {
                    problems.add(new Problem(page.file(), meta.line("check"), "the step has a check but no solution:"
                            + " add solution: with the commands that do the step (the lesson tests run it to prove the check can pass)"));
                }
            }
        } else {
            for (String key : List.of("timeout", "fails-before-solution")) {
                if (meta.has(key)) {
                    problems.add(new Problem(page.file(), meta.line(key), key + " only means something with a check:"));
                }
            }
        }
        QuizReader.Source quiz = null;
        if (meta.has("quiz")) {
            quiz = quizzes.original(meta, page.file(), problems).orElse(null);
            for (String key : List.of("check", "solution", "hint", "timeout", "fails-before-solution")) {
                if (meta.has(key)) {
                    problems.add(new Problem(page.file(), meta.line(key), "a quiz step has no " + key + ": the server grades"
                            + " the answer; put the command in a step of its own"));
                }
            }
            if (check != null) {
                quiz = null; // a step is finished one way; the check the author wrote wins until they fix it
            }
        }
        return new StepSource(name, page, solution, check, quiz);
    }

    private Duration timeout(Page page, List<Problem> problems) {
        Optional<String> value = page.meta().string("timeout");
        if (value.isEmpty()) {
            return defaultTimeout;
        }
        Matcher m = SECONDS.matcher(value.get().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
            problems.add(new Problem(page.file(), page.meta().line("timeout"), "timeout must be whole seconds, e.g. 10s"));
            return defaultTimeout;
        }
        Duration timeout = Duration.ofSeconds(Long.parseLong(m.group(1)));
        if (timeout.compareTo(maxTimeout) > 0) {
            problems.add(new Problem(page.file(), page.meta().line("timeout"), "timeout is longer than the most a check may"
                    + " take (" + maxTimeout.toSeconds() + "s, dockerlab.lessons.max-check-timeout)"));
            return maxTimeout;
        }
        return timeout;
    }

    private static boolean failsBeforeSolution(Page page, List<Problem> problems) {
        Object value = page.meta().values().get("fails-before-solution");
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add(new Problem(page.file(), page.meta().line("fails-before-solution"), "fails-before-solution must be true or false"));
        return true;
    }

    private Lesson build(Path folder, String dir, String slug, int order, Page original, List<StepSource> steps,
            String language, List<String> languages, Optional<SandboxProfile> sandbox, int nodes, List<Problem> problems)
            throws IOException {
        boolean translated = !language.equals(LessonSet.DEFAULT_LANGUAGE);
        String base = "/lessons/" + slug + "/";
        FrontMatter meta = original.meta();
        String introMd = original.body();
        if (translated) {
            Page page = page(folder, dir, "lesson." + language + ".md", false, Set.copyOf(TRANSLATED_LESSON_KEYS), problems);
            for (String key : TRANSLATED_LESSON_KEYS) {
                if (meta.has(key) && !page.meta().has(key)) {
                    problems.add(new Problem(page.file(), 1, "missing translation key " + key + " (lesson.md has it)"));
                }
            }
            meta = merged(original.meta(), page.meta());
            introMd = page.body();
        }

        List<Lesson.Step> built = new ArrayList<>();
        for (StepSource source : steps) {
            Page page = source.page();
            String hint = source.page().meta().string("hint").orElse(null);
            QuizReader.Source quiz = source.quiz();
            String translationName = source.name().replaceFirst("\\.md$", "." + language + ".md");
            if (translated && Files.isRegularFile(folder.resolve("steps").resolve(translationName))) {
                page = page(folder, dir, "steps/" + translationName, true, Set.copyOf(TRANSLATED_STEP_KEYS), problems);
                for (String key : List.of("check", "solution", "timeout", "fails-before-solution")) {
                    if (page.meta().has(key)) {
                        problems.add(new Problem(page.file(), page.meta().line(key), key + " belongs in the original, steps/"
                                + source.name() + ": it is the same in every language"));
                    }
                }
                if (hint != null && !page.meta().has("hint")) {
                    problems.add(new Problem(page.file(), 1, "missing translation key hint (steps/" + source.name() + " has it)"));
                }
                hint = page.meta().string("hint").orElse(hint);
                if (quiz != null && page.meta().has("quiz")) {
                    quiz = quizzes.translated(quiz, page.meta(), page.file(), problems);
                } else if (quiz != null) {
                    problems.add(new Problem(page.file(), 1, "missing translation key quiz (steps/" + source.name()
                            + " has it): repeat the quiz with its options' text, why and explanation translated"));
                } else if (page.meta().has("quiz")) {
                    problems.add(new Problem(page.file(), page.meta().line("quiz"), "steps/" + source.name()
                            + " has no usable quiz, so this translation's quiz is not shown"));
                }
            }
            int number = built.size() + 1;
            String stepBase = base + "steps/";
            built.add(new Lesson.Step(number, page.title() == null ? "Step " + number : page.title(),
                    markdown.toHtml(page.body(), stepBase),
                    hint == null ? "" : markdown.toHtml(hint, stepBase),
                    source.solution(), source.check(), quiz == null ? null : quizzes.render(quiz, stepBase)));
        }

        String finishHtml = "";
        Path finish = folder.resolve(translated && Files.isRegularFile(folder.resolve("finish." + language + ".md"))
                ? "finish." + language + ".md" : "finish.md");
        if (Files.isRegularFile(finish)) {
            Page page = page(folder, dir, finish.getFileName().toString(), false, Set.of(), problems);
            finishHtml = markdown.toHtml(page.body(), base);
        }

        return new Lesson(slug,
                meta.string("title").orElse(slug),
                meta.string("summary").orElse(""),
                meta.string("duration").orElse(""),
                meta.string("level").orElse(""),
                order,
                meta.list("objectives"),
                meta.list("keypoints"),
                markdown.toHtml(introMd, base),
                List.copyOf(built),
                finishHtml,
                languages,
                language,
                Lesson.Format.DOCKERLAB,
                List.of(),
                sandbox,
                Optional.empty(),
                nodes);
    }

    /** The translation's keys over the original's, so a missing key shows in English rather than not at all. */
    private static FrontMatter merged(FrontMatter original, FrontMatter translation) {
        Map<String, Object> values = new LinkedHashMap<>(original.values());
        values.putAll(translation.values());
        return new FrontMatter(values, translation.lines(), translation.body(), translation.bodyLine(), translation.source());
    }

    /** Reads a Markdown file: its front matter (only {@code allowed} keys), its {@code # title} when it is a step, its text. */
    private Page page(Path folder, String dir, String name, boolean step, Set<String> allowed, List<Problem> problems)
            throws IOException {
        String file = dir + "/" + name;
        // a link out of the folder reads as an empty file (LessonFiles.linksOut reports it)
        String text = LessonFiles.read(folder, folder.resolve(name)).orElse("");
        FrontMatter meta = FrontMatter.parse(text, file, problems);
        for (String key : meta.values().keySet()) {
            if (!allowed.contains(key)) {
                problems.add(new Problem(file, meta.line(key), "unknown key " + key + (allowed.isEmpty()
                        ? ": this file takes no front matter"
                        : "; known keys here are " + new TreeSet<>(allowed))));
            }
        }
        String title = null;
        String body = meta.body();
        int bodyLine = meta.bodyLine();
        if (step) {
            Matcher heading = HEADING.matcher(body);
            if (heading.matches()) {
                title = heading.group(1);
                String rest = heading.group(2) == null ? "" : heading.group(2);
                bodyLine += (int) body.substring(0, body.length() - rest.length()).lines().count();
                body = rest;
            } else {
                problems.add(new Problem(file, bodyLine, "a step starts with its title as a # heading"));
            }
            if (body.isBlank()) {
                problems.add(new Problem(file, bodyLine, "empty step: write what the learner should do"));
            }
        }
        Path fileDir = folder.resolve(name).getParent();
        for (Markdown.Reference ref : markdown.localReferences(body)) {
            Path target = fileDir.resolve(ref.destination().replaceFirst("[?#].*$", "")).normalize();
            if (!target.startsWith(folder) || LessonFiles.leaves(folder, target)) {
                problems.add(new Problem(file, bodyLine + ref.line(), ref.destination() + " points outside the lesson's folder"));
            } else if (!Files.exists(target)) {
                problems.add(new Problem(file, bodyLine + ref.line(), (ref.image() ? "image " : "file ") + ref.destination()
                        + " is missing: put it beside the Markdown"));
            }
        }
        return new Page(file, meta, title, body, bodyLine);
    }
}
