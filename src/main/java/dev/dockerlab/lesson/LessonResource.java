package dev.dockerlab.lesson;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.i18n.Languages;
import io.vertx.ext.web.RoutingContext;

/** The lesson catalog as JSON, titles and summaries in the request's language where translated. */
@Path("/api/lessons")
@Produces(MediaType.APPLICATION_JSON)
public class LessonResource {

    public record Summary(String slug, String title, String summary, int steps, List<String> languages,
            String duration, String level) {
    }

    private final LessonCatalog catalog;

    public LessonResource(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<Summary> list(RoutingContext context) {
        return catalog.all(Languages.of(context)).stream()
                .map(l -> new Summary(l.slug(), l.title(), l.summary(), l.steps().size(), l.languages(),
                        l.duration(), l.level()))
                .toList();
    }
}
