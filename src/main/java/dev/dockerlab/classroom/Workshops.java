package dev.dockerlab.classroom;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.RateLimiter;
import dev.dockerlab.learner.TooManyRequestsException;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.scheduler.Scheduled;

/**
 * Workshops and who is in them, kept in the database (they survive a restart): an instructor
 * creates one with its lessons and gets a join code; learners join with it and a display name;
 * closing warns the learners, then removes their sandboxes (their progress stays).
 */
@ApplicationScoped
public class Workshops {

    static final int MAX_NAME = 200;
    static final int MAX_DISPLAY_NAME = 40;
    static final int MAX_LESSONS = 50;
    private static final Logger LOG = Logger.getLogger(Workshops.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WorkshopRepository workshops;
    private final MemberRepository members;
    private final LessonCatalog catalog;
    private final SandboxService sandboxes;
    private final ClassroomConfig config;
    private final Clock clock;
    private final Event<WorkshopClosed> closedEvents;
    private final RateLimiter joinsPerLearner;
    private final RateLimiter joinsPerAddress;
    /** Sandboxes started ahead for each workshop, by profile, given back when it closes (the pool forgets them at a restart anyway). */
    private final Map<String, Map<SandboxProfile, Integer>> prestarted = new ConcurrentHashMap<>();

    Workshops(WorkshopRepository workshops, MemberRepository members, LessonCatalog catalog, SandboxService sandboxes,
            ClassroomConfig config, Clock clock, Event<WorkshopClosed> closedEvents) {
        this.workshops = workshops;
        this.members = members;
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.config = config;
        this.clock = clock;
        this.closedEvents = closedEvents;
        this.joinsPerLearner = new RateLimiter(config.joinsPerMinute());
        this.joinsPerAddress = new RateLimiter(config.joinsPerMinutePerAddress());
    }

    /**
     * A new workshop of this instructor's, with a join code no other workshop has. Lessons must be
     * in the catalog (unknown slugs are named in the refusal); the end, when given, after the start.
     */
    public Workshop create(Instructor instructor, String name, List<String> lessons, Instant startsAt, Instant endsAt) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME || hasControl(trimmed)) {
            throw new WorkshopException.Invalid("A workshop needs a name of 1 to " + MAX_NAME + " characters: send"
                    + " {\"name\": \"...\", \"lessons\": [\"slug\", ...]}.");
        }
        if (lessons == null || lessons.isEmpty()) {
            throw new WorkshopException.Invalid("A workshop needs at least one lesson: \"lessons\": [\"slug\", ...]; GET"
                    + " /api/lessons lists the slugs.");
        }
        List<String> slugs = new ArrayList<>(new LinkedHashSet<>(lessons));
        if (slugs.size() > MAX_LESSONS) {
            throw new WorkshopException.Invalid("A workshop takes at most " + MAX_LESSONS + " lessons.");
        }
        List<String> unknown = slugs.stream().filter(s -> s == null || catalog.find(s).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new WorkshopException.Invalid("No such lesson: " + String.join(", ", unknown.stream().map(String::valueOf).toList())
                    + ". The lessons here are: " + String.join(", ", catalog.all().stream().map(Lesson::slug).toList()) + ".");
        }
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw new WorkshopException.Invalid("The workshop's end (" + endsAt + ") must come after its start (" + startsAt + ").");
        }
        Instant now = clock.instant();
        if (endsAt != null && !endsAt.isAfter(now)) {
            throw new WorkshopException.Invalid("The workshop's end (" + endsAt + ") is already past.");
        }
        for (int attempt = 0; ; attempt++) {
            String code = JoinCodes.generate();
            try {
                Workshop made = new Workshop(newId(), code, trimmed, List.copyOf(slugs), instructor.id(), instructor.name(), now,
                        startsAt, endsAt, null, null);
                QuarkusTransaction.requiringNew().run(() -> workshops.add(made));
                LOG.infof("Workshop %s (%s) created by %s with %d lessons", made.id(), trimmed, instructor.id(), slugs.size());
                return made;
            } catch (RuntimeException e) {
                // a code taken already (one in a trillion): draw another; anything else is a real failure
                if (attempt >= 3 || QuarkusTransaction.requiringNew().call(() -> workshops.byCode(code)).isEmpty()) {
                    throw e;
                }
            }
        }
    }

    /**
     * The learner joins the workshop of this code under a display name (joining again changes the
     * name). Attempts are limited per learner and per client address, right or wrong, so codes
     * cannot be guessed; refusals are in {@code language}.
     */
    public Workshop join(LearnerId learner, String address, String code, String displayName, String language) {
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        if (!joinsPerLearner.tryTake(learner.hash()) || !joinsPerAddress.tryTake(address)) {
            throw new TooManyRequestsException(msg.join_too_many(), joinsPerLearner.retryAfterSeconds());
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME || hasControl(name)) {
            throw new WorkshopException.Invalid(msg.join_name_needed());
        }
        String normalized = JoinCodes.normalize(code).orElseThrow(() -> new WorkshopException.UnknownCode(msg.join_not_a_code()));
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            Workshop workshop = workshops.byCode(normalized)
                    .orElseThrow(() -> new WorkshopException.UnknownCode(msg.join_wrong_code(JoinCodes.display(normalized))));
            if (workshop.closing()) {
                throw new WorkshopException.NoLongerOpen(msg.join_closed(workshop.name()));
            }
            if (workshop.ended(now)) {
                throw new WorkshopException.NoLongerOpen(msg.join_expired(workshop.name()));
            }
            if (members.member(workshop.id(), learner.hash()).isEmpty()) {
                members.add(workshop.id(), learner.hash(), name, now);
            } else {
                // a join again makes this the learner's current workshop
                members.rejoin(workshop.id(), learner.hash(), name, now);
            }
            return workshop;
        });
    }

    /** The workshop the learner is in now: the last one they joined that is not closed. */
    public Optional<Workshop> ofLearner(LearnerId learner) {
        return ofLearner(learner.hash());
    }

    /** The same by the learner's hash. */
    public Optional<Workshop> ofLearner(String learnerHash) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            for (String id : members.workshopsOf(learnerHash)) {
                var workshop = workshops.byId(id);
                if (workshop.isPresent() && workshop.get().closedAt() == null) {
                    return workshop;
                }
            }
            return Optional.<Workshop>empty();
        });
    }

    public Optional<Workshop> find(String id) {
        if (id == null || id.length() > 32) {
            return Optional.empty();
        }
        return QuarkusTransaction.joiningExisting().call(() -> workshops.byId(id));
    }

    /** The workshop if it is this instructor's; {@link WorkshopException.NotFound} otherwise. */
    public Workshop require(Instructor instructor, String id) {
        return find(id).filter(w -> w.instructorId().equals(instructor.id()))
                .orElseThrow(() -> new WorkshopException.NotFound(id));
    }

    /** This instructor's workshops, the newest first. */
    public List<Workshop> of(Instructor instructor) {
        return QuarkusTransaction.joiningExisting().call(() -> workshops.byInstructor(instructor.id()));
    }

    /** Who joined, in the order they joined. */
    public List<Member> members(String workshopId) {
        return QuarkusTransaction.joiningExisting().call(() -> members.of(workshopId));
    }

    public Optional<Member> member(String workshopId, String learnerHash) {
        return QuarkusTransaction.joiningExisting().call(() -> members.member(workshopId, learnerHash));
    }

    public int memberCount(String workshopId) {
        return (int) (long) QuarkusTransaction.joiningExisting().call(() -> members.countIn(workshopId));
    }

    /**
     * Closes the workshop after {@code warning} (none: the instructor's default; zero: now): from
     * now on nobody joins, its learners' pages say when their sandboxes go, and then they go.
     * Closing a closing workshop again moves the moment.
     */
    public Workshop close(Instructor instructor, String id, Duration warning) {
        Workshop workshop = require(instructor, id);
        if (workshop.closed()) {
            throw new WorkshopException.NotPossible("The workshop " + workshop.name() + " was closed at " + workshop.closedAt() + ".");
        }
        Duration wait = warning == null ? config.closeWarning() : warning;
        if (wait.isNegative() || wait.compareTo(config.maxCloseWarning()) > 0) {
            throw new WorkshopException.Invalid("The warning before closing may be 0 to " + config.maxCloseWarning().toSeconds()
                    + " seconds (dockerlab.classroom.max-close-warning).");
        }
        Instant at = clock.instant().plus(wait);
        QuarkusTransaction.requiringNew().run(() -> workshops.closingAt(id, at));
        LOG.infof("Workshop %s closes at %s", id, at);
        if (wait.isZero()) {
            finishClosing();
        }
        return find(id).orElseThrow();
    }

    /**
     * Starts sandboxes ahead for this workshop's learners, of the profile its lessons need (plain
     * or Docker-enabled), within the server's room; a workshop whose lessons make each learner a
     * root machine gets none (that machine is made for its learner).
     */
    public int prestart(Instructor instructor, String id, int count, String language) {
        Workshop workshop = require(instructor, id);
        AppMessages msg = MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
        if (workshop.closing()) {
            throw new WorkshopException.NotPossible("The workshop " + workshop.name() + " is closing: nothing to start for it.");
        }
        if (count < 1 || count > 1000) {
            throw new WorkshopException.Invalid("Send {\"count\": N} with N from 1 to 1000.");
        }
        SandboxProfile profile = profileOf(workshop);
        if (!sandboxes.canPrestart(profile)) {
            throw new WorkshopException.NotPossible(msg.prestart_root());
        }
        int started = sandboxes.prestart(profile, count);
        prestarted.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).merge(profile, started, Integer::sum);
        return started;
    }

    /**
     * The profile the workshop's lessons need: root if any of them runs as root in its own machine,
     * else Docker if any asks for it, else plain.
     */
    public SandboxProfile profileOf(Workshop workshop) {
        var needed = workshop.lessons().stream().map(catalog::find).flatMap(Optional::stream)
                .map(l -> l.sandbox().orElse(SandboxProfile.PLAIN)).collect(Collectors.toSet());
        if (needed.contains(SandboxProfile.ROOT)) {
            return SandboxProfile.ROOT;
        }
        return needed.contains(SandboxProfile.DOCKER) ? SandboxProfile.DOCKER : SandboxProfile.PLAIN;
    }

    /** Workshops whose warning is over: their learners' sandboxes go (progress stays), then they are closed. */
    @Scheduled(every = "${dockerlab.classroom.close-check:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void finishClosing() {
        if (!workshops.ready()) {
            // just started: the schema is still being brought up to date (or could not be, and the server stops)
            return;
        }
        List<Workshop> due = QuarkusTransaction.requiringNew().call(() -> workshops.dueToClose(clock.instant()));
        for (Workshop closing : due) {
            int removed = 0;
            for (Member m : members(closing.id())) {
                // a learner who joined another workshop since keeps the sandbox they use there
                boolean stillHere = ofLearner(m.learnerHash()).map(w -> w.id().equals(closing.id())).orElse(false);
                if (stillHere) {
                    try {
                        if (sandboxes.removeFor(m.learnerHash(), SandboxEnded.Reason.WORKSHOP_CLOSED)) {
                            removed++;
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("Closing workshop %s: could not remove the sandbox of learner %s: %s", closing.id(),
                                m.learnerHash(), e.getMessage());
                    }
                }
            }
            var ahead = prestarted.remove(closing.id());
            if (ahead != null) {
                ahead.forEach(sandboxes::releasePrestarted);
            }
            Instant now = clock.instant();
            QuarkusTransaction.requiringNew().run(() -> workshops.closedAt(closing.id(), now));
            LOG.infof("Workshop %s closed: %d sandboxes removed, progress kept", closing.id(), removed);
            closedEvents.fire(new WorkshopClosed(closing.id()));
        }
    }

    private static String newId() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static boolean hasControl(String text) {
        return text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
