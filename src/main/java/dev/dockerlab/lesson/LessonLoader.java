package dev.dockerlab.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every lesson under a lessons folder, dockerlab's own format ({@code lesson.md}) or a
 * Killercoda scenario ({@code index.json}), and collects every problem on the way. Plain Java, so
 * the validator command can use it without starting the server.
 */
final class LessonLoader {

    private static final Pattern ORDERED_FOLDER = Pattern.compile("(\\d+)-(.+)");

    /**
     * {@code warnings} do not make the validator fail: a course lesson whose folder has not landed
     * yet. Nor do {@code limits}: what of a Killercoda scenario will not work here, and why (a
     * script that needs root, a second node, an asset aimed where the learner cannot write).
     */
    record Loaded(List<LessonSet> lessons, List<Problem> problems, List<Problem> warnings, Optional<Course> course,
            List<Problem> limits) {
    }

    private final LessonReader reader;
    private final KillercodaReader killercoda;
    private final CourseReader courses = new CourseReader();

    LessonLoader(Duration checkTimeout, Duration maxCheckTimeout) {
        Markdown markdown = new Markdown();
        this.reader = new LessonReader(markdown, checkTimeout, maxCheckTimeout);
        this.killercoda = new KillercodaReader(markdown, checkTimeout);
    }

    Loaded load(Path root) {
        List<Problem> problems = new ArrayList<>();
        List<LessonSet> lessons = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            problems.add(new Problem(root.toString(), 0, "there is no lessons folder here (set dockerlab.lessons.dir)"));
            return new Loaded(List.of(), List.copyOf(problems), List.of(), Optional.empty(), List.of());
        }
        Map<String, String> slugs = new HashMap<>();
        List<Problem> limits = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                Matcher ordered = ORDERED_FOLDER.matcher(name);
                String slug = ordered.matches() ? ordered.group(2) : name;
                int order = ordered.matches() ? Integer.parseInt(ordered.group(1)) : Integer.MAX_VALUE;
                if (LessonFiles.leaves(root, folder)) {
                    problems.add(new Problem(name, 0, "a link to a folder outside the lessons folder: dockerlab does not"
                            + " follow it; put the lesson itself in the lessons folder"));
                    continue;
                }
                problems.addAll(LessonFiles.linksOut(folder, name));
                Optional<LessonSet> lesson;
                try {
                    if (Files.isRegularFile(folder.resolve("lesson.md"))) {
                        lesson = reader.read(folder, slug, order, problems);
                    } else if (Files.isRegularFile(folder.resolve("index.json"))) {
                        lesson = killercoda.read(folder, slug, order, problems, limits);
                    } else {
                        problems.add(new Problem(name, 0, "neither lesson.md nor a Killercoda index.json: not a lesson"));
                        continue;
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(new Problem(name, 0, "could not be read: " + e));
                    continue;
                }
                if (lesson.isPresent()) {
                    String other = slugs.putIfAbsent(slug, name);
                    if (other != null) {
                        problems.add(new Problem(name, 0, "its address /lessons/" + slug + " is taken by " + other
                                + ": rename one of the folders"));
                        continue;
                    }
                    lessons.add(lesson.get());
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(root.toString(), 0, "cannot list the lessons folder: " + e.getMessage()));
        }
        List<Problem> warnings = new ArrayList<>();
        Optional<Course> course = Optional.empty();
        try {
            course = courses.read(root, slugs.keySet(), problems, warnings);
        } catch (IOException e) {
            problems.add(new Problem(CourseReader.FILE, 0, "could not be read: " + e.getMessage()));
        }
        // The course's lessons first, in its order, so "next lesson" follows the course; the rest by folder.
        Optional<Course> path = course;
        lessons.sort(Comparator.comparingInt((LessonSet l) -> path.map(c -> c.position(l.slug()).orElse(Integer.MAX_VALUE))
                .orElse(Integer.MAX_VALUE)).thenComparingInt(LessonSet::order).thenComparing(LessonSet::slug));
        return new Loaded(List.copyOf(lessons), List.copyOf(new LinkedHashSet<>(problems)), List.copyOf(warnings), course,
                List.copyOf(new LinkedHashSet<>(limits)));
    }
}
