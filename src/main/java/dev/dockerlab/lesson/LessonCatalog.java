package dev.dockerlab.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The lessons under {@code lessons/}: one folder each, {@code lesson.md} (front matter and
 * introduction), {@code steps/*.md} in name order, and an optional {@code finish.md}. Read at
 * start and again whenever a file there changes, so authors see edits without a restart.
 */
@ApplicationScoped
public class LessonCatalog {

    private static final Logger LOG = Logger.getLogger(LessonCatalog.class);
    private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\R(.*?)\\R---\\R?(.*)\\z", Pattern.DOTALL);
    private static final Pattern ORDERED_FOLDER = Pattern.compile("(\\d+)-(.+)");
    private static final Pattern TRANSLATION = Pattern.compile("lesson\\.([a-z]{2})\\.md");
    private static final Pattern HEADING = Pattern.compile("\\A\\s*#\\s+(.+?)\\s*\\R(.*)\\z", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path root;
    private final LessonConfig config;
    private final Markdown markdown = new Markdown();
    private volatile Snapshot snapshot = new Snapshot(List.of(), -1, Instant.EPOCH);

    public LessonCatalog(LessonConfig config) {
        this.config = config;
        this.root = Path.of(config.dir()).toAbsolutePath().normalize();
    }

    public List<Lesson> all() {
        return current().lessons();
    }

    public Lesson get(String slug) {
        return find(slug).orElseThrow(() -> new LessonNotFoundException(slug));
    }

    public Optional<Lesson> find(String slug) {
        return current().lessons().stream().filter(l -> l.slug().equals(slug)).findFirst();
    }

    public Path root() {
        return root;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = Instant.now();
        if (s.checkedAt().plus(config.reloadCheck()).isAfter(now)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s.checkedAt().plus(config.reloadCheck()).isAfter(now)) {
                return s;
            }
            long fingerprint = fingerprint();
            if (fingerprint != s.fingerprint()) {
                s = new Snapshot(load(), fingerprint, now);
                LOG.infof("Loaded %d lesson(s) from %s", s.lessons().size(), root);
            } else {
                s = new Snapshot(s.lessons(), fingerprint, now);
            }
            snapshot = s;
            return s;
        }
    }

    private long fingerprint() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.mapToLong(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() * 31 + p.toString().hashCode();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private List<Lesson> load() {
        if (!Files.isDirectory(root)) {
            LOG.warnf("No lessons folder at %s: the catalog is empty (set dockerlab.lessons.dir).", root);
            return List.of();
        }
        List<Lesson> lessons = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                if (!Files.isRegularFile(folder.resolve("lesson.md"))) {
                    continue;
                }
                try {
                    lessons.add(read(folder));
                } catch (RuntimeException | IOException e) {
                    LOG.errorf("Lesson %s was skipped: %s", folder.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.errorf("Cannot read the lessons folder %s: %s", root, e.getMessage());
        }
        lessons.sort(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::slug));
        return List.copyOf(lessons);
    }

    private Lesson read(Path folder) throws IOException {
        String name = folder.getFileName().toString();
        Matcher ordered = ORDERED_FOLDER.matcher(name);
        String slug = ordered.matches() ? ordered.group(2) : name;
        int folderOrder = ordered.matches() ? Integer.parseInt(ordered.group(1)) : Integer.MAX_VALUE;

        String text = Files.readString(folder.resolve("lesson.md"), StandardCharsets.UTF_8);
        Matcher fm = FRONT_MATTER.matcher(text);
        Map<String, Object> meta = Map.of();
        String body = text;
        if (fm.matches()) {
            Object parsed = YAML.readValue(fm.group(1), Object.class);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("lesson.md: the front matter must be key: value lines");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            meta = map;
            body = fm.group(2);
        }
        String title = string(meta, "title").orElseThrow(
                () -> new IllegalArgumentException("lesson.md: the front matter has no title"));

        List<Lesson.Step> steps = new ArrayList<>();
        Path stepsDir = folder.resolve("steps");
        if (Files.isDirectory(stepsDir)) {
            try (Stream<Path> files = Files.list(stepsDir)) {
                List<Path> stepFiles = files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString()
                        .matches(".*\\.[a-z]{2}\\.md")).sorted().toList();
                for (Path file : stepFiles) {
                    int number = steps.size() + 1;
                    String stepText = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher heading = HEADING.matcher(stepText);
                    String stepTitle = heading.matches() ? heading.group(1) : "Step " + number;
                    String stepBody = heading.matches() ? heading.group(2) : stepText;
                    steps.add(new Lesson.Step(number, stepTitle, markdown.toHtml(stepBody)));
                }
            }
        }
        Path finish = folder.resolve("finish.md");
        String finishHtml = Files.isRegularFile(finish)
                ? markdown.toHtml(Files.readString(finish, StandardCharsets.UTF_8))
                : "";

        TreeSet<String> languages = new TreeSet<>(List.of("en"));
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> TRANSLATION.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .forEach(m -> languages.add(m.group(1)));
        }

        return new Lesson(slug, title,
                string(meta, "summary").orElse(""),
                string(meta, "duration").orElse(""),
                string(meta, "level").orElse(""),
                integer(meta, "order").orElse(folderOrder),
                list(meta, "objectives"),
                list(meta, "keypoints"),
                markdown.toHtml(body),
                List.copyOf(steps),
                finishHtml,
                List.copyOf(languages),
                string(meta, "sandbox").orElse(""));
    }

    private static Optional<String> string(Map<String, Object> meta, String key) {
        Object v = meta.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString().trim()).filter(s -> !s.isEmpty());
    }

    private static Optional<Integer> integer(Map<String, Object> meta, String key) {
        Object v = meta.get(key);
        if (v instanceof Number n) {
            return Optional.of(n.intValue());
        }
        return Optional.empty();
    }

    private static List<String> list(Map<String, Object> meta, String key) {
        Object v = meta.get(key);
        if (v instanceof List<?> items) {
            return items.stream().map(Object::toString).toList();
        }
        return v == null ? List.of() : List.of(v.toString());
    }

    private record Snapshot(List<Lesson> lessons, long fingerprint, Instant checkedAt) {
    }
}
