package dev.dockerlab.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The lessons under {@code lessons/}, in every language they are offered in. Read at start and
 * again whenever a file there changes, so authors see edits without a restart; each reload logs
 * the problems the validator would report.
 */
@ApplicationScoped
public class LessonCatalog {

    private static final Logger LOG = Logger.getLogger(LessonCatalog.class);

    private final Path root;
    private final LessonConfig config;
    private final LessonLoader loader;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), -1, Instant.EPOCH);

    public LessonCatalog(LessonConfig config) {
        this.config = config;
        this.root = Path.of(config.dir()).toAbsolutePath().normalize();
        this.loader = new LessonLoader(config.checkTimeout(), config.maxCheckTimeout());
    }

    /** Every lesson in English. */
    public List<Lesson> all() {
        return all(LessonSet.DEFAULT_LANGUAGE);
    }

    /** Every lesson, each in {@code language} where it is translated, else in English. */
    public List<Lesson> all(String language) {
        return current().lessons().stream().map(l -> l.in(language)).toList();
    }

    public Lesson get(String slug) {
        return get(slug, LessonSet.DEFAULT_LANGUAGE);
    }

    public Lesson get(String slug, String language) {
        return find(slug, language).orElseThrow(() -> new LessonNotFoundException(slug));
    }

    public Optional<Lesson> find(String slug) {
        return find(slug, LessonSet.DEFAULT_LANGUAGE);
    }

    public Optional<Lesson> find(String slug, String language) {
        return current().lessons().stream().filter(l -> l.slug().equals(slug)).findFirst().map(l -> l.in(language));
    }

    /** The folder a lesson was read from: its images and other files are served from there. */
    public Optional<Path> folderOf(String slug) {
        return current().lessons().stream().filter(l -> l.slug().equals(slug)).findFirst().map(LessonSet::folder);
    }

    /** What is wrong in the lessons as last read (empty when all is well). */
    public List<Problem> problems() {
        return current().problems();
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
                LessonLoader.Loaded loaded = loader.load(root);
                s = new Snapshot(loaded.lessons(), loaded.problems(), fingerprint, now);
                LOG.infof("Loaded %d lesson(s) from %s", s.lessons().size(), root);
                for (Problem problem : loaded.problems()) {
                    LOG.warnf("Lesson problem: %s", problem);
                }
            } else {
                s = new Snapshot(s.lessons(), s.problems(), fingerprint, now);
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

    private record Snapshot(List<LessonSet> lessons, List<Problem> problems, long fingerprint, Instant checkedAt) {
    }
}
