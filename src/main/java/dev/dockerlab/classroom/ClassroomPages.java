package dev.dockerlab.classroom;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.RateLimiter;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.Capacity;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/**
 * The classroom's pages: the learner's join page, and the instructor's sign-in, workshop list,
 * projector view (code, link, QR code) and live roster. Every instructor page asks
 * {@link Instructors} first; without credentials it goes to the sign-in page.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ClassroomPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The language switch. */
    public record Language(String code, String name, boolean current) {
    }

    /** A workshop as the instructor's pages show it. */
    public record WorkshopCard(Workshop workshop, String state, int members, String link, String when, String lessonTitles) {
    }

    /** A lesson the create form offers. */
    public record LessonOption(String slug, String title, int steps, boolean docker) {
    }

    /** The learner's current workshop on the join page. */
    public record Current(String name) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance join(String code, Current current, List<Language> languages);

        static native TemplateInstance signIn(String error, long hours, boolean oidc, List<Language> languages);

        static native TemplateInstance workshops(Instructor instructor, List<WorkshopCard> workshops, List<LessonOption> lessons,
                List<Language> languages);

        static native TemplateInstance workshop(Instructor instructor, WorkshopCard card, String qr, Capacity capacity,
                String capacityMemory, boolean prestartPossible, String closing, List<Language> languages);

        static native TemplateInstance roster(Instructor instructor, WorkshopCard card, List<Language> languages);
    }

    private final Instructors instructors;
    private final Workshops workshops;
    private final LessonCatalog catalog;
    private final SandboxService sandboxes;
    private final RateLimiter signIns;

    public ClassroomPages(Instructors instructors, Workshops workshops, LessonCatalog catalog, SandboxService sandboxes) {
        this.instructors = instructors;
        this.workshops = workshops;
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.signIns = new RateLimiter(instructors.config().signInsPerMinute());
    }

    // ---- learners ----

    @GET
    @Path("join")
    public TemplateInstance join(RoutingContext context) {
        return joinPage("", context);
    }

    @GET
    @Path("join/{code}")
    public TemplateInstance joinWithCode(@PathParam("code") String code, RoutingContext context) {
        return joinPage(JoinCodes.normalize(code).map(JoinCodes::display).orElse(""), context);
    }

    private TemplateInstance joinPage(String code, RoutingContext context) {
        String language = Languages.of(context);
        Current current = Learners.from(context).flatMap(workshops::ofLearner).map(w -> new Current(w.name())).orElse(null);
        return Templates.join(code, current, languages(language)).setLocale(Languages.locale(language));
    }

    // ---- instructors ----

    @GET
    @Path("instructor/sign-in")
    public TemplateInstance signIn(RoutingContext context) {
        String language = Languages.of(context);
        return signInPage(null, language);
    }

    @POST
    @Path("instructor/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token, RoutingContext context) {
        String language = Languages.of(context);
        String address = context.request().remoteAddress() == null ? "unknown" : context.request().remoteAddress().hostAddress();
        if (!signIns.tryTake(address)) {
            return Response.status(Response.Status.TOO_MANY_REQUESTS).header("Retry-After", signIns.retryAfterSeconds())
                    .entity(signInPage(Messages.of(language).instructor_too_many(), language).render()).build();
        }
        if (!instructors.accepts(token)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity(signInPage(Messages.of(language).instructor_wrong_token(), language).render()).build();
        }
        boolean secure = "https".equals(context.request().scheme());
        NewCookie cookie = new NewCookie.Builder(Instructors.COOKIE).value(instructors.cookieValue()).path("/").httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) instructors.config().cookieLifetime().toSeconds()).build();
        return Response.seeOther(URI.create("/instructor")).cookie(cookie).build();
    }

    @POST
    @Path("instructor/sign-out")
    public Response signOut() {
        NewCookie gone = new NewCookie.Builder(Instructors.COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.seeOther(URI.create("/instructor/sign-in")).cookie(gone).build();
    }

    /** With OIDC configured, this page is behind its sign-in; it then sends the instructor on. */
    @GET
    @Path("instructor/oidc")
    @Authenticated
    public Response oidc() {
        return Response.seeOther(URI.create("/instructor")).build();
    }

    @GET
    @Path("instructor")
    public TemplateInstance workshops(RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        String language = Languages.of(context);
        List<WorkshopCard> cards = workshops.of(me).stream().map(w -> card(w, uri, language)).toList();
        List<LessonOption> lessons = catalog.all(language).stream()
                .map(l -> new LessonOption(l.slug(), l.title(), l.steps().size(),
                        l.sandbox().filter(p -> p != SandboxProfile.PLAIN).isPresent()))
                .toList();
        return Templates.workshops(me, cards, lessons, languages(language)).setLocale(Languages.locale(language));
    }

    @GET
    @Path("instructor/workshops/{id}")
    public TemplateInstance workshop(@PathParam("id") String id, RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        String language = Languages.of(context);
        Workshop w = workshops.require(me, id);
        WorkshopCard card = card(w, uri, language);
        SandboxProfile profile = workshops.profileOf(w);
        boolean prestart = !w.closing() && sandboxes.canPrestart(profile);
        String closing = w.closingAt() == null ? null : WHEN.format(w.closingAt());
        Capacity capacity = sandboxes.capacity(profile);
        String memory = capacity.engineMemory() <= 0 ? null
                : Messages.of(language).capacity_memory(bytes(capacity.engineMemory()), capacity.engineCpus(),
                        bytes(capacity.memoryPerSandbox()), capacity.fitInMemory());
        return Templates.workshop(me, card, QrSvg.of(card.link()), capacity, memory, prestart, closing,
                languages(language)).setLocale(Languages.locale(language));
    }

    @GET
    @Path("instructor/workshops/{id}/roster")
    public TemplateInstance roster(@PathParam("id") String id, RoutingContext context, UriInfo uri) {
        Instructor me = instructors.require(context.request());
        String language = Languages.of(context);
        Workshop w = workshops.require(me, id);
        return Templates.roster(me, card(w, uri, language), languages(language)).setLocale(Languages.locale(language));
    }

    private TemplateInstance signInPage(String error, String language) {
        return Templates.signIn(error, instructors.config().cookieLifetime().toHours(), instructors.oidcEnabled(),
                languages(language)).setLocale(Languages.locale(language));
    }

    private WorkshopCard card(Workshop w, UriInfo uri, String language) {
        String state = w.closed() ? "closed" : w.closing() ? "closing" : "open";
        String when = w.startsAt() == null && w.endsAt() == null ? ""
                : Messages.of(language).workshop_when(format(w.startsAt()), format(w.endsAt()));
        String titles = String.join(", ", w.lessons().stream().map(s -> catalog.find(s, language)).flatMap(Optional::stream)
                .map(Lesson::title).toList());
        return new WorkshopCard(w, state, workshops.memberCount(w.id()), WorkshopResource.link(uri, w), when, titles);
    }

    static String bytes(long bytes) {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1 ? String.format(java.util.Locale.ROOT, "%.1f GiB", gib)
                : String.format(java.util.Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }

    private static String format(Instant at) {
        return at == null ? "…" : WHEN.format(at);
    }

    static List<Language> languages(String current) {
        return Languages.SUPPORTED.stream().map(code -> new Language(code, Languages.nameOf(code), code.equals(current))).toList();
    }
}
