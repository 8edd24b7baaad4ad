package dev.dockerlab.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.classroom.Workshop;
import dev.dockerlab.classroom.Workshops;
import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.lesson.Course;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.progress.Progress;
import dev.dockerlab.progress.ProgressService;
import dev.dockerlab.terminal.TerminalService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The HTML pages: the catalog and a lesson beside its terminal, in the learner's language. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

    /** A lesson in the catalog with how far this learner got; {@code position} on the course path, 0 outside it. */
    public record CatalogEntry(Lesson lesson, int done, int position) {

        public boolean complete() {
            return !lesson.steps().isEmpty() && done >= lesson.steps().size();
        }
    }

    /** The course path as the catalog shows it: its lessons in order, and how far the learner got along it. */
    public record CoursePath(String title, String summary, List<CatalogEntry> lessons) {

        public int completed() {
            return (int) lessons.stream().filter(CatalogEntry::complete).count();
        }

        public int stepsDone() {
            return lessons.stream().mapToInt(CatalogEntry::done).sum();
        }

        public int steps() {
            return lessons.stream().mapToInt(e -> e.lesson().steps().size()).sum();
        }
    }

    /**
     * The learner's workshop on the catalog: its lessons in the workshop's order, and when it
     * closes ({@code closingAt}, null unless the instructor closed it).
     */
    public record WorkshopPath(String name, List<CatalogEntry> lessons, String closingAt) {
    }

    /** The lesson after this one on the course path. */
    public record NextLesson(int position, Lesson lesson) {
    }

    /** The language switch: where the page is, in which language. */
    public record LanguageChoice(String code, String name, boolean current) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(WorkshopPath workshop, CoursePath course, List<CatalogEntry> entries,
                ProgressService.Resume resume, List<LanguageChoice> languages);

        static native TemplateInstance lesson(Lesson lesson, Set<Integer> finished, boolean notTranslated,
                List<LanguageChoice> languages, String courseTitle, NextLesson next, LivePage live);

        static native TemplateInstance error(int status, String title, String message);
    }

    private final LessonCatalog catalog;
    private final ProgressService progress;
    private final Workshops workshops;
    private final TerminalService terminals;

    public PageResource(LessonCatalog catalog, ProgressService progress, Workshops workshops, TerminalService terminals) {
        this.catalog = catalog;
        this.progress = progress;
        this.workshops = workshops;
        this.terminals = terminals;
    }

    @GET
    @Blocking
    public TemplateInstance catalog(RoutingContext context) {
        String language = Languages.of(context);
        Progress mine = progressOf(context);
        Optional<Course> course = catalog.course();
        List<CatalogEntry> entries = catalog.all(language).stream()
                .map(l -> new CatalogEntry(l, (int) mine.finished(l.slug()).stream().filter(n -> n <= l.steps().size()).count(),
                        course.map(c -> c.position(l.slug()).orElse(0)).orElse(0)))
                .toList();
        CoursePath path = course.filter(c -> !c.slugs().isEmpty())
                .map(c -> new CoursePath(c.title(language), c.summary(language),
                        entries.stream().filter(e -> e.position() > 0).toList()))
                .orElse(null);
        List<CatalogEntry> others = entries.stream().filter(e -> e.position() == 0).toList();
        WorkshopPath workshop = Learners.from(context).flatMap(workshops::ofLearner).map(w -> workshopPath(w, entries))
                .orElse(null);
        return Templates.catalog(workshop, path, others, progress.resume(mine, language).orElse(null), choices(language))
                .setLocale(Languages.locale(language));
    }

    @GET
    @Path("lessons/{slug}")
    @Blocking
    public TemplateInstance lesson(@PathParam("slug") String slug, RoutingContext context) {
        // a learner in a workshop sees its presenter's terminal beside their own
        LivePage live = Learners.from(context).flatMap(workshops::ofLearner)
                .map(w -> LivePage.learnerIn(w.id())).orElse(LivePage.NONE);
        return lessonPage(slug, context, live);
    }

    /** A lesson beside a terminal: the learner's own, or (live) the presenting instructor's. */
    TemplateInstance lessonPage(String slug, RoutingContext context, LivePage live) {
        String language = Languages.of(context);
        Lesson lesson = catalog.get(slug, language);
        if (!live.presenting()) {
            // a returning learner's terminal opens as soon as this page arrives: its attach starts now
            Learners.from(context).ifPresent(learner -> terminals.prepareFor(learner, slug));
        }
        Set<Integer> finished = new TreeSet<>(progressOf(context).finished(slug));
        finished.removeIf(n -> lesson.step(n).isEmpty());
        Optional<Course> course = catalog.course().filter(c -> c.position(slug).isPresent());
        NextLesson next = course.flatMap(c -> {
            int position = c.position(slug).getAsInt();
            return position < c.slugs().size()
                    ? catalog.find(c.slugs().get(position), language).map(l -> new NextLesson(position + 1, l))
                    : Optional.empty();
        }).orElse(null);
        return Templates.lesson(lesson, finished, !lesson.language().equals(language), choices(language),
                course.map(c -> c.title(language)).orElse(null), next, live).setLocale(Languages.locale(language));
    }

    private static WorkshopPath workshopPath(Workshop w, List<CatalogEntry> entries) {
        List<CatalogEntry> lessons = w.lessons().stream()
                .flatMap(slug -> entries.stream().filter(e -> e.lesson().slug().equals(slug)).findFirst().stream())
                .toList();
        String closing = w.closingAt() == null ? null
                : java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC).format(w.closingAt());
        return new WorkshopPath(w.name(), lessons, closing);
    }

    private Progress progressOf(RoutingContext context) {
        return Learners.from(context).map(progress::of).orElse(Progress.NONE);
    }

    static List<LanguageChoice> choices(String current) {
        return Languages.SUPPORTED.stream()
                .map(code -> new LanguageChoice(code, Languages.nameOf(code), code.equals(current)))
                .toList();
    }
}
