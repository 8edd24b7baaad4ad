package dev.dockerlab.progress;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.lesson.LessonNotFoundException;
import dev.dockerlab.lesson.StepNotFoundException;
import dev.dockerlab.lesson.StepPassed;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Who finished which step, kept in the database (H2 by default, PostgreSQL by configuration). */
@ApplicationScoped
public class ProgressService {

    private final ProgressRepository repository;
    private final PositionRepository positions;
    private final LessonCatalog catalog;
    private final Clock clock;

    public ProgressService(ProgressRepository repository, PositionRepository positions, LessonCatalog catalog, Clock clock) {
        this.repository = repository;
        this.positions = positions;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A passed check or a right answer: observed synchronously, so the step is recorded before the learner is answered. */
    void onStepPassed(@Observes StepPassed passed) {
        markDone(passed.learner(), passed.lessonSlug(), passed.step());
    }

    /** Records a finished step; doing it again changes nothing. */
    private void markDone(LearnerId learner, String lessonSlug, int step) {
        String hash = learner.hash();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!repository.exists(hash, lessonSlug, step)) {
                    repository.add(new StepDone(hash, lessonSlug, step, Instant.now()));
                }
            });
        } catch (RuntimeException e) {
            // Two checks of one step passing at once: the unique key kept one row, which is all we want.
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> repository.exists(hash, lessonSlug, step));
            if (!recorded) {
                throw e;
            }
        }
    }

    /** The learner's finished steps, per lesson, most recent activity last. */
    public Progress of(LearnerId learner) {
        return of(QuarkusTransaction.joiningExisting().call(() -> repository.byLearner(learner.hash())));
    }

    /** The finished steps of several learners (by {@link LearnerId#hash()}) in one query; a learner with none maps to {@link Progress#NONE}. */
    public Map<String, Progress> ofLearners(Collection<String> learnerHashes) {
        List<StepDone> rows = QuarkusTransaction.joiningExisting().call(() -> repository.byLearners(learnerHashes));
        Map<String, List<StepDone>> byLearner = new HashMap<>();
        rows.forEach(r -> byLearner.computeIfAbsent(r.learnerHash(), h -> new ArrayList<>()).add(r));
        Map<String, Progress> answer = new HashMap<>();
        for (String hash : learnerHashes) {
            answer.put(hash, of(byLearner.getOrDefault(hash, List.of())));
        }
        return answer;
    }

    /**
     * The learner's page shows this lesson and step now. Staying on a step keeps when they came
     * to it ({@link Position#since()}): that is how long they have been on it.
     */
    public Position report(LearnerId learner, String lessonSlug, int step) {
        Lesson lesson = catalog.find(lessonSlug, "en").orElseThrow(() -> new LessonNotFoundException(lessonSlug));
        if (step < 1 || step > lesson.steps().size()) {
            throw new StepNotFoundException(lesson, String.valueOf(step));
        }
        Instant now = clock.instant();
        String hash = learner.hash();
        LearnerPosition saved;
        try {
            saved = savePosition(hash, lessonSlug, step, now);
        } catch (RuntimeException e) {
            // two tabs of one learner reporting their first position at once: the other row won; update it
            saved = savePosition(hash, lessonSlug, step, now);
        }
        return saved.toPosition();
    }

    private LearnerPosition savePosition(String hash, String lessonSlug, int step, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var known = positions.of(hash);
            if (known.isEmpty()) {
                var row = new LearnerPosition(hash, lessonSlug, step, now, now);
                positions.add(row);
                return row;
            }
            var row = known.get();
            boolean moved = !row.lessonSlug().equals(lessonSlug) || row.step() != step;
            var updated = new LearnerPosition(hash, lessonSlug, step, moved ? now : row.since(), now);
            positions.update(updated);
            return updated;
        });
    }

    /** Where each of these learners (by hash) is; a learner whose page never said is absent. */
    public Map<String, Position> positions(Collection<String> learnerHashes) {
        Map<String, Position> answer = new HashMap<>();
        QuarkusTransaction.joiningExisting().call(() -> positions.of(learnerHashes))
                .forEach(p -> answer.put(p.learnerHash(), p.toPosition()));
        return answer;
    }

    private static Progress of(List<StepDone> rows) {
        if (rows.isEmpty()) {
            return Progress.NONE;
        }
        Map<String, TreeSet<Integer>> finished = new LinkedHashMap<>();
        Map<String, Instant> last = new LinkedHashMap<>();
        for (StepDone row : rows) {
            finished.computeIfAbsent(row.lessonSlug(), s -> new TreeSet<>()).add(row.step());
            last.merge(row.lessonSlug(), row.doneAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Progress.LessonProgress> lessons = new ArrayList<>();
        finished.forEach((slug, steps) -> lessons.add(new Progress.LessonProgress(slug, steps, last.get(slug))));
        Optional<Progress.LessonProgress> latest = lessons.stream()
                .max(Comparator.comparing(Progress.LessonProgress::lastActivity));
        return new Progress(List.copyOf(lessons), latest);
    }

    /**
     * Where to continue: the first unfinished step of the lesson worked on last, or, when that one
     * is complete, of the next lesson in the catalog not yet complete.
     */
    public Optional<Resume> resume(Progress progress, String language) {
        if (progress.latest().isEmpty()) {
            return Optional.empty();
        }
        List<Lesson> lessons = catalog.all(language);
        String slug = progress.latest().get().slug();
        int start = -1;
        for (int i = 0; i < lessons.size(); i++) {
            if (lessons.get(i).slug().equals(slug)) {
                start = i;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        for (int i = start; i < lessons.size(); i++) {
            Lesson lesson = lessons.get(i);
            var done = progress.finished(lesson.slug());
            for (Lesson.Step step : lesson.steps()) {
                if (!done.contains(step.number())) {
                    return Optional.of(new Resume(lesson.slug(), lesson.title(), step.number(),
                            "/lessons/" + lesson.slug() + "#step-" + step.number()));
                }
            }
        }
        return Optional.empty();
    }

    /** A place to continue: a lesson and its step. */
    public record Resume(String slug, String title, int step, String url) {
    }
}
