package dev.dockerlab.lesson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code lessons/course.yml} (format in {@code docs/lesson-format.md}). Lessons land in the
 * folder at different times, so a slug without a folder is a warning and is skipped; the rest of
 * the course still shows.
 */
final class CourseReader {

    static final String FILE = "course.yml";

    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*-\\s");
    private static final Pattern LOCALIZED = Pattern.compile("(title|summary)(?:-([a-z]{2}))?");

    /** The course, or empty when there is no course file or nothing usable in it. */
    Optional<Course> read(Path root, Set<String> slugs, List<Problem> problems, List<Problem> warnings) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        // The course file is front matter without the Markdown: same reader, same line numbers.
        List<Problem> yamlProblems = new ArrayList<>();
        FrontMatter meta = FrontMatter.parse("---\n" + Files.readString(file, StandardCharsets.UTF_8) + "\n---\n", FILE,
                yamlProblems);
        yamlProblems.forEach(p -> problems.add(new Problem(FILE, Math.max(1, p.line() - 1), p.message())));
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, String> summaries = new LinkedHashMap<>();
        for (String key : meta.values().keySet()) {
            var localized = LOCALIZED.matcher(key);
            if (localized.matches()) {
                String language = localized.group(2) == null ? LessonSet.DEFAULT_LANGUAGE : localized.group(2);
                meta.string(key).ifPresent(text -> (localized.group(1).equals("title") ? titles : summaries).put(language, text));
            } else if (!key.equals("lessons")) {
                problems.add(new Problem(FILE, line(meta, key), "unknown key " + key
                        + "; known keys are title, summary, title-<language>, summary-<language>, lessons"));
            }
        }
        if (!titles.containsKey(LessonSet.DEFAULT_LANGUAGE)) {
            problems.add(new Problem(FILE, 1, "the course has no title (title: ...)"));
            titles.put(LessonSet.DEFAULT_LANGUAGE, "Course");
        }
        List<?> listed = meta.values().get("lessons") instanceof List<?> list ? list : List.of();
        if (listed.isEmpty()) {
            problems.add(new Problem(FILE, line(meta, "lessons"), "the course lists no lessons (lessons: then - <slug> lines)"));
            return Optional.empty();
        }
        List<String> present = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String slug = String.valueOf(listed.get(i)).strip();
            int line = Math.max(1, meta.lineIn("lessons", LIST_ITEM, i) - 1);
            if (present.contains(slug)) {
                problems.add(new Problem(FILE, line, slug + " is listed twice: a lesson has one place in the course"));
            } else if (!slugs.contains(slug)) {
                warnings.add(new Problem(FILE, line, "warning: no lesson folder for " + slug
                        + " (NN-" + slug + "/ with lesson.md); it is left out of the course until it exists"));
            } else {
                present.add(slug);
            }
        }
        return Optional.of(new Course(Map.copyOf(titles), Map.copyOf(summaries), List.copyOf(present)));
    }

    /** The wrapping {@code ---} line shifts every line by one. */
    private static int line(FrontMatter meta, String key) {
        return Math.max(1, meta.line(key) - 1);
    }
}
