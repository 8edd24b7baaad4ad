package dev.dockerlab.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.progress.Progress;
import dev.dockerlab.progress.ProgressService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The HTML pages: the catalog and a lesson beside its terminal, in the learner's language. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

    /** A lesson in the catalog with how far this learner got. */
    public record CatalogEntry(Lesson lesson, int done) {

        public boolean complete() {
            return !lesson.steps().isEmpty() && done >= lesson.steps().size();
        }
    }

    /** The language switch: where the page is, in which language. */
    public record LanguageChoice(String code, String name, boolean current) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(List<CatalogEntry> entries, ProgressService.Resume resume,
                List<LanguageChoice> languages);

        static native TemplateInstance lesson(Lesson lesson, Set<Integer> finished, boolean notTranslated,
                List<LanguageChoice> languages);

        static native TemplateInstance error(int status, String title, String message);
    }

    private final LessonCatalog catalog;
    private final ProgressService progress;

    public PageResource(LessonCatalog catalog, ProgressService progress) {
        this.catalog = catalog;
        this.progress = progress;
    }

    @GET
    @Blocking
    public TemplateInstance catalog(RoutingContext context) {
        String language = Languages.of(context);
        Progress mine = progressOf(context);
        List<CatalogEntry> entries = catalog.all(language).stream()
                .map(l -> new CatalogEntry(l, (int) mine.finished(l.slug()).stream().filter(n -> n <= l.steps().size()).count()))
                .toList();
        return Templates.catalog(entries, progress.resume(mine, language).orElse(null), choices(language))
                .setLocale(Languages.locale(language));
    }

    @GET
    @Path("lessons/{slug}")
    @Blocking
    public TemplateInstance lesson(@PathParam("slug") String slug, RoutingContext context) {
        String language = Languages.of(context);
        Lesson lesson = catalog.get(slug, language);
        Set<Integer> finished = new TreeSet<>(progressOf(context).finished(slug));
        finished.removeIf(n -> lesson.step(n).isEmpty());
        return Templates.lesson(lesson, finished, !lesson.language().equals(language),
                choices(language)).setLocale(Languages.locale(language));
    }

    private Progress progressOf(RoutingContext context) {
        return Learners.from(context).map(progress::of).orElse(Progress.NONE);
    }

    private static List<LanguageChoice> choices(String current) {
        return Languages.SUPPORTED.stream()
                .map(code -> new LanguageChoice(code, Languages.nameOf(code), code.equals(current)))
                .toList();
    }
}
