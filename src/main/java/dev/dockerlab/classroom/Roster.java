package dev.dockerlab.classroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.progress.Position;
import dev.dockerlab.progress.Progress;
import dev.dockerlab.progress.ProgressService;
import dev.dockerlab.sandbox.SandboxService;

/**
 * What an instructor sees of a workshop's learners: where each one is, how far they got, when
 * they last did something and their sandbox; who has been stuck longest; how many finished each
 * step; and all of it as CSV. Read fresh on each call (two queries for the whole workshop).
 */
@ApplicationScoped
public class Roster {

    /**
     * One learner. {@code lesson} and {@code step} are where their page is (from its position
     * reports), else the first step of the workshop not done; {@code passed} counts finished steps
     * of the workshop's lessons; {@code onStepSeconds} how long they have been on a step they have
     * not finished (null otherwise); {@code sandbox} is {@code running}, {@code starting} or
     * {@code none}. {@code id} is the learner's hash, the handle instructor tools use.
     */
    public record Entry(String id, String name, String lesson, String lessonTitle, Integer step, String stepTitle,
            int passed, int steps, Instant lastActivity, String sandbox, Long onStepSeconds, boolean stuck,
            boolean stuckLongest, Instant joinedAt) {
    }

    /** How many of the workshop's learners finished one step: "18 of 24 have finished step 3". */
    public record StepTotal(String lesson, String lessonTitle, int step, String stepTitle, int finished, int of) {
    }

    private final Workshops workshops;
    private final ProgressService progress;
    private final SandboxService sandboxes;
    private final LessonCatalog catalog;
    private final ClassroomConfig config;
    private final Clock clock;

    Roster(Workshops workshops, ProgressService progress, SandboxService sandboxes, LessonCatalog catalog,
            ClassroomConfig config, Clock clock) {
        this.workshops = workshops;
        this.progress = progress;
        this.sandboxes = sandboxes;
        this.catalog = catalog;
        this.config = config;
        this.clock = clock;
    }

    /** Every learner of the workshop, in the order they joined; titles in {@code language}. */
    public List<Entry> of(Workshop workshop, String language) {
        List<Member> members = workshops.members(workshop.id());
        List<String> hashes = members.stream().map(Member::learnerHash).toList();
        Map<String, Progress> done = progress.ofLearners(hashes);
        Map<String, Position> positions = progress.positions(hashes);
        List<Lesson> lessons = lessons(workshop, language);
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>();
        for (Member m : members) {
            entries.add(entry(m, done.get(m.learnerHash()), Optional.ofNullable(positions.get(m.learnerHash())), lessons,
                    language, now));
        }
        Optional<Entry> longest = entries.stream().filter(Entry::stuck)
                .max(Comparator.comparingLong(Entry::onStepSeconds));
        return entries.stream().map(e -> longest.isPresent() && longest.get() == e ? withLongest(e) : e).toList();
    }

    /** For every step of the workshop's lessons, how many of its learners finished it. */
    public List<StepTotal> totals(Workshop workshop, String language) {
        List<Member> members = workshops.members(workshop.id());
        Map<String, Progress> done = progress.ofLearners(members.stream().map(Member::learnerHash).toList());
        List<StepTotal> totals = new ArrayList<>();
        for (Lesson lesson : lessons(workshop, language)) {
            for (Lesson.Step step : lesson.steps()) {
                int finished = (int) members.stream()
                        .filter(m -> done.get(m.learnerHash()).finished(lesson.slug()).contains(step.number())).count();
                totals.add(new StepTotal(lesson.slug(), lesson.title(), step.number(), step.title(), finished, members.size()));
            }
        }
        return totals;
    }

    /**
     * The workshop's progress as CSV (RFC 4180, UTF-8): one line per learner and lesson. A cell
     * that a spreadsheet would read as a formula (a name starting with =, +, - or @) is quoted
     * with a leading apostrophe.
     */
    public String csv(Workshop workshop) {
        List<Member> members = workshops.members(workshop.id());
        Map<String, Progress> done = progress.ofLearners(members.stream().map(Member::learnerHash).toList());
        StringBuilder out = new StringBuilder("learner,joined_at,lesson,steps,finished,finished_steps,last_finished_at\r\n");
        for (Member m : members) {
            Progress p = done.get(m.learnerHash());
            for (Lesson lesson : lessons(workshop, "en")) {
                SortedSet<Integer> finished = p.finished(lesson.slug());
                String last = p.of(lesson.slug()).map(l -> l.lastActivity().toString()).orElse("");
                out.append(cell(m.name())).append(',').append(m.joinedAt()).append(',').append(cell(lesson.slug())).append(',')
                        .append(lesson.steps().size()).append(',').append(finished.size()).append(',')
                        .append(String.join(" ", finished.stream().map(String::valueOf).toList())).append(',').append(last)
                        .append("\r\n");
            }
        }
        return out.toString();
    }

    private Entry entry(Member m, Progress done, Optional<Position> position, List<Lesson> lessons, String language,
            Instant now) {
        int passed = 0;
        int steps = 0;
        for (Lesson lesson : lessons) {
            SortedSet<Integer> finished = done.finished(lesson.slug());
            steps += lesson.steps().size();
            passed += (int) lesson.steps().stream().filter(s -> finished.contains(s.number())).count();
        }
        String slug = null;
        Integer step = null;
        Long onStep = null;
        if (position.isPresent()) {
            slug = position.get().lessonSlug();
            step = position.get().step();
            if (!done.finished(slug).contains(step)) {
                onStep = Math.max(0, Duration.between(position.get().since(), now).toSeconds());
            }
        } else {
            // the page never said where it is: the first step of the workshop not done
            outer:
            for (Lesson lesson : lessons) {
                for (Lesson.Step s : lesson.steps()) {
                    if (!done.finished(lesson.slug()).contains(s.number())) {
                        slug = lesson.slug();
                        step = s.number();
                        break outer;
                    }
                }
            }
        }
        String lessonTitle = null;
        String stepTitle = null;
        if (slug != null) {
            Optional<Lesson> lesson = catalog.find(slug, language);
            lessonTitle = lesson.map(Lesson::title).orElse(slug);
            Integer n = step;
            stepTitle = lesson.flatMap(l -> l.steps().stream().filter(s -> s.number() == n).findFirst()).map(Lesson.Step::title)
                    .orElse(null);
        }
        Instant last = Stream.of(position.map(Position::seenAt), done.latest().map(Progress.LessonProgress::lastActivity),
                sandboxes.lastActivity(m.learnerHash())).flatMap(Optional::stream).max(Comparator.naturalOrder()).orElse(null);
        boolean stuck = onStep != null && onStep >= config.stuckAfter().toSeconds();
        return new Entry(m.learnerHash(), m.name(), slug, lessonTitle, step, stepTitle, passed, steps, last,
                sandboxes.stateOf(m.learnerHash()), onStep, stuck, false, m.joinedAt());
    }

    private static Entry withLongest(Entry e) {
        return new Entry(e.id(), e.name(), e.lesson(), e.lessonTitle(), e.step(), e.stepTitle(), e.passed(), e.steps(),
                e.lastActivity(), e.sandbox(), e.onStepSeconds(), e.stuck(), true, e.joinedAt());
    }

    private List<Lesson> lessons(Workshop workshop, String language) {
        return workshop.lessons().stream().map(s -> catalog.find(s, language)).flatMap(Optional::stream).toList();
    }

    private static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
