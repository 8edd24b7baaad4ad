package dev.dockerlab.terminal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dockerlab.classroom.Instructor;
import dev.dockerlab.classroom.Instructors;
import dev.dockerlab.classroom.Workshop;
import dev.dockerlab.classroom.Workshops;
import dev.dockerlab.learner.LearnerCookies;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.OriginPolicy;
import dev.dockerlab.log.LogText;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides every classroom socket in the upgrade itself, before a WebSocket exists and so before
 * anything is sent: the Origin must be the server's own (as for {@code /terminal}), then
 * <ul>
 * <li>{@code /workshops/{id}/shadow/{learner}}: an instructor (bearer token, the sign-in cookie or
 * OIDC) who runs workshop {@code id}, and {@code learner} (a learner's hash) a member of it;</li>
 * <li>{@code /workshops/{id}/present}: the instructor who runs it, with a learner cookie (their own
 * sandbox is their terminal);</li>
 * <li>{@code /workshops/{id}/presenter}: a learner cookie whose learner is a member of {@code id}.</li>
 * </ul>
 * Otherwise 401 (no instructor credentials at all) or 403 (anything else: a learner's cookie on an
 * instructor socket, a wrong token, another instructor's workshop, a learner of another
 * workshop); a workshop that does not exist is refused the same way, so its existence does not leak.
 */
@ApplicationScoped
public class ClassroomUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(ClassroomUpgradeCheck.class);

    static final UserData.TypedKey<String> VIEWED = UserData.TypedKey.forString("dockerlab.viewed");
    static final UserData.TypedKey<String> WORKSHOP = UserData.TypedKey.forString("dockerlab.workshop");
    static final UserData.TypedKey<String> INSTRUCTOR_ID = UserData.TypedKey.forString("dockerlab.instructor");
    static final UserData.TypedKey<String> INSTRUCTOR_NAME = UserData.TypedKey.forString("dockerlab.instructor.name");

    private static final Pattern SHADOW = Pattern.compile("/workshops/([A-Za-z0-9_-]{1,64})/shadow/([0-9a-f]{16})");
    private static final Pattern PRESENT = Pattern.compile("/workshops/([A-Za-z0-9_-]{1,64})/present");
    private static final Pattern PRESENTER = Pattern.compile("/workshops/([A-Za-z0-9_-]{1,64})/presenter");
    private static final Set<String> ENDPOINTS = Set.of(ShadowSocket.class.getName(), PresentSocket.class.getName(),
            PresenterSocket.class.getName());

    private final OriginPolicy origins;
    private final LearnerCookies cookies;
    private final TerminalLimits limits;
    private final Instructors instructors;
    private final Workshops workshops;

    public ClassroomUpgradeCheck(OriginPolicy origins, LearnerCookies cookies, TerminalLimits limits,
            Instructors instructors, Workshops workshops) {
        this.origins = origins;
        this.cookies = cookies;
        this.limits = limits;
        this.instructors = instructors;
        this.workshops = workshops;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINTS.contains(endpointId);
    }

    /** What the upgrade found; a status other than 101 refuses it. */
    private record Decision(int status, Map<UserData.TypedKey<?>, Object> found) {
        static Decision refuse(int status) {
            return new Decision(status, Map.of());
        }
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (!origins.allows(request)) {
            LOG.debugf("Refused classroom upgrade from origin %s", LogText.of(origin));
            return CheckResult.rejectUpgrade(403);
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!limits.allowUpgrade(address)) {
            return CheckResult.rejectUpgrade(429,
                    Map.of("Retry-After", List.of(String.valueOf(limits.upgradeRetryAfterSeconds()))));
        }
        // the workshops are in the database: off the event loop, in a request context of its own
        return Uni.createFrom().item(() -> decideInRequestContext(request, address))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(decision -> {
                    if (decision.status() != 101) {
                        return CheckResult.rejectUpgrade(decision.status());
                    }
                    decision.found().forEach((key, value) -> put(context.userData(), key, value));
                    return CheckResult.permitUpgrade();
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> void put(UserData data, UserData.TypedKey<T> key, Object value) {
        data.put(key, (T) value);
    }

    private Decision decideInRequestContext(HttpServerRequest request, String address) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            return decide(request, address);
        } catch (RuntimeException e) {
            LOG.warn("A classroom upgrade could not be decided; refused", e);
            return Decision.refuse(503);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private Decision decide(HttpServerRequest request, String address) {
        String path = request.path();
        Matcher m;
        if ((m = SHADOW.matcher(path)).matches()) {
            String workshopId = m.group(1);
            String learnerHash = m.group(2);
            Optional<Instructor> instructor = instructors.of(request);
            if (instructor.isEmpty()) {
                return Decision.refuse(credentialsTried(request) ? 403 : 401);
            }
            if (!runs(instructor.get(), workshopId) || workshops.member(workshopId, learnerHash).isEmpty()) {
                return Decision.refuse(403);
            }
            return new Decision(101, Map.of(WORKSHOP, workshopId, VIEWED, learnerHash,
                    INSTRUCTOR_ID, instructor.get().id(), INSTRUCTOR_NAME, instructor.get().name()));
        }
        if ((m = PRESENT.matcher(path)).matches()) {
            String workshopId = m.group(1);
            Optional<Instructor> instructor = instructors.of(request);
            if (instructor.isEmpty()) {
                return Decision.refuse(credentialsTried(request) ? 403 : 401);
            }
            Optional<LearnerId> own = cookies.from(request);
            if (!runs(instructor.get(), workshopId) || own.isEmpty()) {
                return Decision.refuse(403);
            }
            return new Decision(101, Map.of(WORKSHOP, workshopId, TerminalUpgradeCheck.LEARNER, own.get(),
                    TerminalUpgradeCheck.ADDRESS, address, INSTRUCTOR_ID, instructor.get().id(),
                    INSTRUCTOR_NAME, instructor.get().name()));
        }
        if ((m = PRESENTER.matcher(path)).matches()) {
            String workshopId = m.group(1);
            Optional<LearnerId> learner = cookies.from(request);
            if (learner.isEmpty() || workshops.find(workshopId).filter(w -> !w.closed()).isEmpty()
                    || workshops.member(workshopId, learner.get().hash()).isEmpty()) {
                return Decision.refuse(403);
            }
            return new Decision(101, Map.of(WORKSHOP, workshopId, TerminalUpgradeCheck.LEARNER, learner.get()));
        }
        return Decision.refuse(404);
    }

    private boolean runs(Instructor instructor, String workshopId) {
        return workshops.find(workshopId).filter(w -> !w.closed()).map(Workshop::instructorId)
                .filter(instructor.id()::equals).isPresent();
    }

    private static boolean credentialsTried(HttpServerRequest request) {
        return request.getHeader("Authorization") != null || request.getCookie(Instructors.COOKIE) != null;
    }
}
