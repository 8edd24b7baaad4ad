package dev.dockerlab.web;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The HTML pages: the catalog and a lesson beside its terminal. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(List<Lesson> lessons);

        static native TemplateInstance lesson(Lesson lesson);

        static native TemplateInstance error(int status, String title, String message);
    }

    private final LessonCatalog catalog;

    public PageResource(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public TemplateInstance catalog() {
        return Templates.catalog(catalog.all());
    }

    @GET
    @Path("lessons/{slug}")
    public TemplateInstance lesson(@PathParam("slug") String slug) {
        return Templates.lesson(catalog.get(slug));
    }
}
