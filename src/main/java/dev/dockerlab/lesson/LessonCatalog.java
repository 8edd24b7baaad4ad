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
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.dockerlab.log.LogText;
import dev.dockerlab.sandbox.SandboxesSetUp;

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
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), Optional.empty(), -1, Instant.EPOCH);

    public LessonCatalog(LessonConfig config) {
        this.config = config;
        this.root = config.dir().toAbsolutePath().normalize();
        this.loader = new LessonLoader(config.checkTimeout(), config.maxCheckTimeout());
    }

    /**
     * The first read begins when the start is over, once the sandboxes are set up, on a thread of
     * its own. Beside the start it took about half a second of CPU (Markdown, YAML) from a start
     * that has two cores busy, and after the listener opened, from the first readiness answer and
     * the set-up, for nothing either needs: readiness asks the lessons only when the Docker image
     * is missing (docs/performance.md, "Start to ready"). A request that comes before it is done
     * waits for it (the read holds this catalog's lock); a read that fails is left to that request,
     * which reports it.
     */
    void readOnceStarted(@Observes SandboxesSetUp event) {
        Thread.ofPlatform().name("lessons-first-read").daemon().start(() -> {
            try {
                current();
            } catch (RuntimeException e) {
                LOG.debugf("The lessons' first read failed (the first request reports it): %s", e.getMessage());
            }
        });
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

    /** The course path ({@code lessons/course.yml}), when there is one. */
    public Optional<Course> course() {
        return current().course();
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
                s = new Snapshot(loaded.lessons(), loaded.problems(), loaded.course(), fingerprint, now);
                LOG.infof("Loaded %d lesson(s) from %s", s.lessons().size(), root);
                for (Problem problem : loaded.problems()) {
                    // file names and messages quote the author's text: one line per problem, whatever they wrote
                    LOG.warnf("Lesson problem: %s", LogText.of(problem));
                }
                for (Problem warning : loaded.warnings()) {
                    LOG.infof("Lesson note: %s", warning);
                }
                for (Problem limit : loaded.limits()) {
                    LOG.infof("Lesson note: will not work here: %s", LogText.of(limit));
                }
            } else {
                s = new Snapshot(s.lessons(), s.problems(), s.course(), fingerprint, now);
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

    private record Snapshot(List<LessonSet> lessons, List<Problem> problems, Optional<Course> course, long fingerprint,
            Instant checkedAt) {
    }
}
