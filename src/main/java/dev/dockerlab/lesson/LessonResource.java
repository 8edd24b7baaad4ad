package dev.dockerlab.lesson;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.i18n.Languages;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.vertx.ext.web.RoutingContext;

/**
 * The lesson API (docs/api.md): the catalog and one lesson as JSON, in the request's language
 * where translated. A quiz step shows its options, never which one is right.
 */
@Path("/api/lessons")
@Produces(MediaType.APPLICATION_JSON)
public class LessonResource {

    /** {@code course}: the lesson's place on the course path (from 1), null outside it. */
    public record Summary(String slug, String title, String summary, int steps, List<String> languages, Integer course,
            String duration, String level) {
    }

    public record Detail(String slug, String title, List<StepSummary> steps) {
    }

    /** {@code kind}: check, quiz or text; {@code options} only for a quiz (True and False, translated, for true-false). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepSummary(int n, String title, String kind, List<String> options) {
    }

    private final LessonCatalog catalog;

    public LessonResource(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<Summary> list(RoutingContext context) {
        var course = catalog.course();
        return catalog.all(Languages.of(context)).stream()
                .map(l -> new Summary(l.slug(), l.title(), l.summary(), l.steps().size(), l.languages(),
                        course.flatMap(c -> c.position(l.slug()).stream().boxed().findFirst()).orElse(null),
                        l.duration(), l.level()))
                .toList();
    }

    @GET
    @Path("{slug}")
    public Detail one(@PathParam("slug") String slug, RoutingContext context) {
        String language = Languages.of(context);
        Lesson lesson = catalog.get(slug, language);
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        return new Detail(lesson.slug(), lesson.title(), lesson.steps().stream()
                .map(s -> new StepSummary(s.number(), s.hasTitle() ? s.title() : msg.step_label(s.number()), s.kind(), s.hasQuiz() ? options(s.quiz(), msg) : null))
                .toList());
    }

    private static List<String> options(Quiz quiz, AppMessages msg) {
        if (quiz.isTrueFalse()) {
            return List.of(msg.quiz_true(), msg.quiz_false());
        }
        return quiz.options().stream().map(o -> Html.toText(o.html())).toList();
    }
}
