package dev.dockerlab.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.classroom.Instructor;
import dev.dockerlab.classroom.Instructors;
import dev.dockerlab.classroom.Member;
import dev.dockerlab.classroom.Workshop;
import dev.dockerlab.classroom.Workshops;
import dev.dockerlab.i18n.Languages;
import dev.dockerlab.lesson.LessonCatalog;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The instructor's live pages: a learner's terminal viewed ({@code shadow}) and the instructor's
 * own terminal beside a lesson of the workshop, broadcast to its learners ({@code present},
 * {@code ?projector=true} for the room's screen). Each checks the instructor in the request.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LivePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance shadow(String workshopId, String workshopName, String learner, String learnerName,
                String backHref, List<PageResource.LanguageChoice> languages);
    }

    private final Instructors instructors;
    private final Workshops workshops;
    private final LessonCatalog catalog;
    private final PageResource pages;

    public LivePages(Instructors instructors, Workshops workshops, LessonCatalog catalog, PageResource pages) {
        this.instructors = instructors;
        this.workshops = workshops;
        this.catalog = catalog;
        this.pages = pages;
    }

    @GET
    @Path("instructor/workshops/{id}/shadow/{learner}")
    @Blocking
    public TemplateInstance shadow(@PathParam("id") String id, @PathParam("learner") String learnerHash,
            RoutingContext context) {
        Workshop workshop = own(id, context);
        Member member = workshops.member(workshop.id(), learnerHash).orElseThrow(() -> new NotFoundException("No such learner in this workshop."));
        String language = Languages.of(context);
        return Templates.shadow(workshop.id(), workshop.name(), learnerHash, member.name(),
                "/instructor/workshops/" + workshop.id(), PageResource.choices(language))
                .setLocale(Languages.locale(language));
    }

    @GET
    @Path("instructor/workshops/{id}/present")
    @Blocking
    public TemplateInstance present(@PathParam("id") String id, @QueryParam("lesson") String slug,
            @QueryParam("projector") boolean projector, RoutingContext context) {
        Workshop workshop = own(id, context);
        String language = Languages.of(context);
        List<String> slugs = workshop.lessons().isEmpty()
                ? catalog.all(language).stream().map(l -> l.slug()).toList()
                : workshop.lessons();
        String shown = slug != null && slugs.contains(slug) ? slug : slugs.isEmpty() ? null : slugs.get(0);
        if (shown == null) {
            throw new NotFoundException("This workshop has no lessons to present.");
        }
        String base = "/instructor/workshops/" + workshop.id() + "/present";
        List<LivePage.LessonChoice> choices = slugs.stream()
                .flatMap(s -> catalog.find(s, language).stream())
                .map(l -> new LivePage.LessonChoice(base + "?lesson=" + encode(l.slug()) + (projector ? "&projector=true" : ""),
                        l.title(), l.slug().equals(shown)))
                .toList();
        String toggle = base + "?lesson=" + encode(shown) + (projector ? "" : "&projector=true");
        return pages.lessonPage(shown, context, LivePage.presenting(workshop.id(), projector, choices, toggle));
    }

    /** The workshop, when the request's instructor runs it; otherwise the refusal (401/403, or 404). */
    private Workshop own(String id, RoutingContext context) {
        Instructor instructor = instructors.require(context.request());
        return workshops.require(instructor, id);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
