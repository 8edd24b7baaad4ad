package dev.dockerlab.classroom;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.LearnerWrite;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.Capacity;
import dev.dockerlab.sandbox.SandboxService;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The classroom API (docs/api.md, "Classroom"). Every instructor route asks {@link Instructors}
 * first, from the request itself, before it reads or sends anything; the learner routes take
 * the learner from the cookie, and answer only about the learner's own workshop.
 */
@Path("/api/workshops")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class WorkshopResource {

    public record CreateRequest(String name, List<String> lessons, Instant startsAt, Instant endsAt) {
    }

    public record Created(String id, String code, String displayCode, String link) {
    }

    public record JoinRequest(String code, String name) {
    }

    /** What a learner learns of their workshop: never its id, its code's other members, or the instructor's identity. */
    public record Joined(String name, List<LessonRef> lessons, Instant startsAt, Instant endsAt, Instant closingAt,
            String message) {
    }

    public record LessonRef(String slug, String title, int steps) {
    }

    public record View(String id, String code, String displayCode, String link, String name, List<LessonRef> lessons,
            String state, int members, String profile, Instant createdAt, Instant startsAt, Instant endsAt, Instant closingAt,
            Instant closedAt) {
    }

    public record CloseRequest(Long warningSeconds) {
    }

    public record PrestartRequest(Integer count) {
    }

    public record Prestarted(int starting, Capacity capacity) {
    }

    public record CapacityView(Capacity capacity, long fitInMemory, String profile, boolean prestartPossible) {
    }

    private final Instructors instructors;
    private final Workshops workshops;
    private final Roster roster;
    private final LessonCatalog catalog;
    private final SandboxService sandboxes;

    public WorkshopResource(Instructors instructors, Workshops workshops, Roster roster, LessonCatalog catalog,
            SandboxService sandboxes) {
        this.instructors = instructors;
        this.workshops = workshops;
        this.roster = roster;
        this.catalog = catalog;
        this.sandboxes = sandboxes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateRequest request, RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        if (request == null) {
            throw new WorkshopException.Invalid("Send {\"name\": \"...\", \"lessons\": [\"slug\", ...]}.");
        }
        Workshop made = workshops.create(me, request.name(), request.lessons(), request.startsAt(), request.endsAt());
        return Response.created(URI.create("/api/workshops/" + made.id()))
                .entity(new Created(made.id(), made.code(), made.displayCode(), link(uri, made))).build();
    }

    @GET
    public List<View> mine(RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        String language = Languages.of(context);
        return workshops.of(me).stream().map(w -> view(w, uri, language)).toList();
    }

    @GET
    @Path("{id}")
    public View get(@PathParam("id") String id, RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        return view(workshops.require(me, id), uri, Languages.of(context));
    }

    @POST
    @Path("join")
    @Consumes(MediaType.APPLICATION_JSON)
    @LearnerWrite
    public Joined join(JoinRequest request, RoutingContext context) {
        LearnerId learner = Learners.require(context);
        String language = Languages.of(context);
        String address = context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
        Workshop workshop = workshops.join(learner, address, request == null ? null : request.code(),
                request == null ? null : request.name(), language);
        return joined(workshop, language, Messages.of(language).join_done(workshop.name()));
    }

    /**
     * The learner's own workshop (the one they joined last that is not closed): 204 when none, so
     * the lesson page that asks leaves no error in the browser's console.
     */
    @GET
    @Path("joined")
    public Response joined(RoutingContext context) {
        LearnerId learner = Learners.require(context);
        String language = Languages.of(context);
        return workshops.ofLearner(learner).map(w -> Response.ok(joined(w, language, "")).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @GET
    @Path("{id}/roster")
    public List<Roster.Entry> roster(@PathParam("id") String id, RoutingContext context) {
        Instructor me = instructors.require(context.request());
        return roster.of(workshops.require(me, id), Languages.of(context));
    }

    @GET
    @Path("{id}/totals")
    public List<Roster.StepTotal> totals(@PathParam("id") String id, RoutingContext context) {
        Instructor me = instructors.require(context.request());
        return roster.totals(workshops.require(me, id), Languages.of(context));
    }

    @GET
    @Path("{id}/progress.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") String id, RoutingContext context) {
        Instructor me = instructors.require(context.request());
        Workshop workshop = workshops.require(me, id);
        return Response.ok(roster.csv(workshop), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"workshop-" + workshop.id() + "-progress.csv\"")
                .build();
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public View close(@PathParam("id") String id, CloseRequest request, RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        Duration warning = request == null || request.warningSeconds() == null ? null : Duration.ofSeconds(request.warningSeconds());
        return view(workshops.close(me, id, warning), uri, Languages.of(context));
    }

    @GET
    @Path("{id}/capacity")
    public CapacityView capacity(@PathParam("id") String id, RoutingContext context) {
        Instructor me = instructors.require(context.request());
        Workshop workshop = workshops.require(me, id);
        var profile = workshops.profileOf(workshop);
        Capacity capacity = sandboxes.capacity(profile);
        return new CapacityView(capacity, capacity.fitInMemory(), profile.label(),
                sandboxes.canPrestart(profile) && !workshop.closing());
    }

    @POST
    @Path("{id}/prestart")
    @Consumes(MediaType.APPLICATION_JSON)
    public Prestarted prestart(@PathParam("id") String id, PrestartRequest request, RoutingContext context) {
        Instructor me = instructors.require(context.request());
        int count = request == null || request.count() == null ? 0 : request.count();
        int starting = workshops.prestart(me, id, count, Languages.of(context));
        return new Prestarted(starting, sandboxes.capacity(workshops.profileOf(workshops.require(me, id))));
    }

    private Joined joined(Workshop w, String language, String message) {
        return new Joined(w.name(), lessons(w, language), w.startsAt(), w.endsAt(), w.closingAt(), message);
    }

    private View view(Workshop w, UriInfo uri, String language) {
        String state = w.closed() ? "closed" : w.closing() ? "closing" : "open";
        return new View(w.id(), w.code(), w.displayCode(), link(uri, w), w.name(), lessons(w, language), state,
                workshops.memberCount(w.id()), workshops.profileOf(w).label(), w.createdAt(), w.startsAt(), w.endsAt(),
                w.closingAt(), w.closedAt());
    }

    private List<LessonRef> lessons(Workshop w, String language) {
        return w.lessons().stream().map(s -> catalog.find(s, language)).flatMap(Optional::stream)
                .map(l -> new LessonRef(l.slug(), l.title(), l.steps().size())).toList();
    }

    /** The link learners open: this server as the request reached it, {@code /join/<code>}. */
    static String link(UriInfo uri, Workshop w) {
        return uri.getBaseUriBuilder().replacePath("/join/" + w.displayCode()).replaceQuery(null).build().toString();
    }

}
