package dev.dockerlab.terminal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.log.LogText;
import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.PoolSandboxReady;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxConfig;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.sandbox.SandboxExec;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.WebSocketConnection;

/** Keeps the open terminals, one {@link TerminalSession} per WebSocket connection. */
@ApplicationScoped
public class TerminalService {

    private static final Logger LOG = Logger.getLogger(TerminalService.class);
    /** How long a stop waits for the browsers' goodbyes and the attaches' hang-ups. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);
    /** How long a terminal waits for an attach being prepared for it before starting its own. */
    private static final Duration PREPARE_PATIENCE = Duration.ofSeconds(5);

    private final SandboxService sandboxes;
    private final LessonCatalog lessons;
    private final SandboxExec execs;
    private final TerminalConfig config;
    private final TerminalLimits limits;
    private final SandboxConfig sandboxConfig;
    private final DockerProfileConfig dockerConfig;
    private final Map<String, TerminalSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    /** Tells this server's terminal attaches from those a dead predecessor left behind. */
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    /** Attaches started before their browser came: a warm-pool sandbox's, a returning learner's. */
    private final PreparedAttaches<TerminalSession.Prepared> prepared;
    private final Traffic traffic;
    private final Broadcasts broadcasts;
    /** The broadcast each presenting tab feeds, by connection id. */
    private final Map<String, Broadcast> presenting = new ConcurrentHashMap<>();
    /** Who views whose terminal; it tells the learner's own tabs. */
    private final Shadowing shadowing = new Shadowing(this::ownTabs);
    /** The size each learner's terminal last took, for its viewers; forgotten with their sandbox. */
    private final Map<String, Size> sizes = new ConcurrentHashMap<>();

    public TerminalService(SandboxService sandboxes, SandboxExec execs, TerminalConfig config,
            LessonCatalog lessons, TerminalLimits limits, SandboxConfig sandboxConfig, DockerProfileConfig dockerConfig,
            Event<TerminalReady> ready, Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
        this.traffic = new Traffic(openToPrompt -> ready.fire(new TerminalReady(openToPrompt)));
        this.sandboxes = sandboxes;
        this.sandboxConfig = sandboxConfig;
        this.dockerConfig = dockerConfig;
        this.limits = limits;
        this.lessons = lessons;
        this.execs = execs;
        this.config = config;
        this.prepared = new PreparedAttaches<>(background, config.preparedAttachKeep(), limits.preparedAttaches());
    }

    /**
     * Attaches a new connection to its learner's shell, creating the sandbox if needed. A lesson
     * that needs Docker gets a Docker-enabled sandbox (replacing a plain one: the sandbox layer
     * reports that as the old sandbox's end, and this terminal passes it on as a notice).
     */
    void open(WebSocketConnection connection, LearnerId learner, String address, Size size, String lessonSlug) {
        open(connection, learner, address, size, lessonSlug, 1);
    }

    /**
     * The same for node {@code node} of a lesson with several nodes ({@code nodes: N}, docs/swarm.md):
     * the learner's sandbox is node 1, and the terminal of node k waits for the group to be made.
     */
    void open(WebSocketConnection connection, LearnerId learner, String address, Size size, String lessonSlug, int node) {
        String hash = learner.hash();
        start(new TerminalSession(connection, hash, epoch, newToken(), size, execs, background, config,
                () -> sandboxes.forgetGone(hash), traffic), connection, learner, address, size, lessonSlug, node);
    }

    /**
     * An instructor's own terminal (their own sandbox, as any learner's), whose output is also
     * broadcast read-only to the workshop's learners: one reader, the terminal's own stream.
     */
    void openPresenting(WebSocketConnection connection, LearnerId learner, String address, Size size, String lessonSlug,
            String workshopId, String instructorName) {
        String hash = learner.hash();
        AtomicReference<Broadcast> to = new AtomicReference<>();
        AtomicReference<TerminalSession> self = new AtomicReference<>();
        TerminalSession session = new TerminalSession(connection, hash, epoch, newToken(), size, execs, background,
                config, () -> sandboxes.forgetGone(hash), traffic, TerminalSession.Kind.PRESENTING,
                bytes -> to.get().output(self.get(), bytes));
        self.set(session);
        // live before the attach: the keeper's replay of the screen is the broadcast's first output
        Broadcast broadcast = broadcasts.present(workshopId, session, instructorName, size);
        to.set(broadcast);
        presenting.put(connection.id(), broadcast);
        start(session, connection, learner, address, size, lessonSlug, 1);
    }

    /**
     * An instructor views a learner's terminal: a second attach to the learner's shell (the keeper
     * mirrors it and replays the screen to it, as to a learner's second tab), without a size and
     * without keystrokes until the learner hands over the keyboard. It never creates a sandbox.
     */
    void openViewer(WebSocketConnection connection, String hash, String instructorId, String instructorName) {
        TerminalSession session = new TerminalSession(connection, hash, epoch, newToken(), null, execs, background,
                config, () -> sandboxes.forgetGone(hash), traffic, TerminalSession.Kind.VIEWER, null);
        sessions.put(connection.id(), session);
        if (connection.isClosed()) {
            closed(connection);
            return;
        }
        try {
            // under the instructor's own count, never the learner's: viewers do not take a learner's tabs
            session.hold(limits.admit("instructor:" + instructorId));
            Sandbox sandbox = sandboxes.find(hash).orElseThrow(NothingToView::new);
            // the size first: the keeper's replay of the screen follows at once, drawn at it
            session.sendText(Messages.ready(sizes.getOrDefault(hash, Size.DEFAULT)));
            try {
                session.attach(sandbox, null, sandboxes.shellOf(sandbox));
            } catch (SandboxException.Gone | SandboxException.Stopped e) {
                throw new NothingToView();
            }
            shadowing.joined(session, instructorName);
        } catch (NothingToView e) {
            session.fail(CloseCodes.NOTHING_TO_VIEW, "This learner has no terminal open right now. The view"
                    + " opens by itself once they open a lesson.");
        } catch (SandboxException e) {
            session.fail(CloseCodes.of(e), e.getMessage());
        } catch (TerminalRefusedException e) {
            session.fail(CloseCodes.AT_CAPACITY, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Attaching a viewer failed", e);
            session.fail(CloseCodes.INTERNAL_ERROR, "The server could not show this terminal. Reload to try again.");
        } finally {
            if (connection.isClosed()) {
                closed(connection);
            }
        }
    }

    /**
     * A lesson that needs Docker: its learner's engine starts now, beside the shell's attach, not
     * after it (an engine's start is about half a second; a pool sandbox's runs already, and
     * this only asks it). The first docker command waits for it either way.
     */
    private void startEngineSoon(Optional<SandboxProfile> needed, Sandbox sandbox) {
        if (needed.map(SandboxProfile::hasEngine).orElse(false) && dockerConfig.startOnOpen()) {
            background.execute(() -> sandboxes.startInnerEngine(sandbox));
        }
    }

    /** The learner to view has no running sandbox. */
    private static final class NothingToView extends RuntimeException {
        NothingToView() {
            super(null, null, false, false);
        }
    }

    private void start(TerminalSession session, WebSocketConnection connection, LearnerId learner, String address,
            Size size, String lessonSlug, int node) {
        Optional<Lesson> lesson = lessonSlug == null ? Optional.empty() : lessons.find(lessonSlug);
        Optional<SandboxProfile> needed = lesson.flatMap(Lesson::sandbox);
        int nodes = Math.min(lesson.map(Lesson::nodes).orElse(1), dockerConfig.maxNodes());
        String hash = learner.hash();
        sessions.put(connection.id(), session);
        if (node == 1) {
            // what an instructor's view is drawn at: the learner's own shell, node 1
            sizes.put(hash, size);
        }
        if (connection.isClosed()) {
            // the browser left before this callback ran: its close may already have found no session to end
            closed(connection);
            return;
        }
        if (node < 1 || node > Math.max(1, nodes)) {
            session.fail(CloseCodes.POLICY, nodes > 1 ? "This lesson has nodes 1 to " + nodes + "; there is no node " + node + "."
                    : "This lesson has one node; node=" + node + " is not one of them.");
            return;
        }
        try {
            session.hold(limits.admit(hash));
            if (sandboxes.find(learner).isEmpty()) {
                limits.takeNewSandbox(address);
            }
            Sandbox sandbox = acquire(learner, needed, nodes, node);
            startEngineSoon(needed, sandbox);
            try {
                session.attach(sandbox, takePrepared(sandbox), sandboxes.shellOf(sandbox));
            } catch (SandboxException.Gone | SandboxException.Stopped e) {
                // removed behind our back, or stopped (its learner can kill its main process),
                // since we last looked: forget it and start over with a fresh one
                LOG.infof("Sandbox %s was gone or stopped at attach; making a new one", sandbox.name());
                sandboxes.forgetStopped(sandbox);
                sandbox = acquire(learner, needed, nodes, node);
                startEngineSoon(needed, sandbox);
                session.attach(sandbox, takePrepared(sandbox), sandboxes.shellOf(sandbox));
            }
            if (node == 1) {
                sandboxes.joinNetwork(sandbox);
            }
            session.sendText(Messages.ready(size, sandboxConfig.idleTimeout().toSeconds()));
            String watched = shadowing.stateOf(hash);
            if (watched != null) {
                session.sendText(watched);
            }
            if (session.replacedWhileOpening()) {
                session.sendText(Messages.notice(SandboxEnded.Reason.PROFILE_CHANGED.message()));
            }
        } catch (SandboxException e) {
            session.fail(CloseCodes.of(e), e.getMessage());
        } catch (TerminalRefusedException e) {
            session.fail(CloseCodes.AT_CAPACITY, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Attaching a terminal failed", e);
            session.fail(CloseCodes.INTERNAL_ERROR, "The server could not start your terminal. Reload to try again;"
                    + " if it keeps failing, tell the operator (the server log has the details).");
        } finally {
            if (connection.isClosed()) {
                // closed while we attached: end the session here too, in case its close came and went before
                closed(connection);
            }
        }
    }

    /**
     * A warm-pool sandbox gets its first terminal's exec now, before anyone claims it: the new
     * learner then skips the exec's start (about 40 ms of the engine's and runc's time).
     */
    void prepareForFirstLearner(@Observes PoolSandboxReady ready) {
        try {
            prepared.putForPool(ready.sandbox().containerId(), newAttach(ready.sandbox()));
        } catch (RuntimeException e) {
            LOG.debugf("No exec prepared in %s: %s", ready.sandbox().name(), e.getMessage());
        }
    }

    /**
     * A returning learner asked for a lesson page: the terminal that page opens a moment later
     * will want an attach to the shell in the learner's sandbox, so it starts now, in the
     * background, while the page travels and loads (the exec's start is most of a returning
     * learner's wait on the server). Nothing for a learner without a live sandbox, or whose
     * sandbox the lesson would replace; an attach no terminal takes is hung up after a while.
     */
    public void prepareFor(LearnerId learner, String lessonSlug) {
        Optional<SandboxProfile> needed = lessons.find(lessonSlug).flatMap(Lesson::sandbox);
        sandboxes.findFitting(learner, needed).ifPresent(sandbox ->
                prepared.prepareForReturning(sandbox.containerId(), () -> newAttach(sandbox)));
    }

    private TerminalSession.Prepared newAttach(Sandbox sandbox) {
        StdinQueue stdin = new StdinQueue(config.maxPendingInputBytes().asLongValue());
        return new TerminalSession.Prepared(execs.attach(sandbox, stdin, epoch, newToken()), stdin);
    }

    /** Returning learners' attaches prepared and not taken yet (for the tests). */
    int preparedForReturning() {
        return prepared.returningCount();
    }

    /** Names one attach: its PID file in the sandbox, and so which process a closing tab hangs up. */
    private static String newToken() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    /** The attach prepared in this sandbox (in the pool, or as its learner's page loaded), if it still runs. */
    private TerminalSession.Prepared takePrepared(Sandbox sandbox) {
        return prepared.take(sandbox.containerId(), PREPARE_PATIENCE);
    }

    /** Node {@code node} of the learner's {@code nodes}; with one node, their sandbox as always. */
    private Sandbox acquire(LearnerId learner, Optional<SandboxProfile> needed, int nodes, int node) {
        if (nodes <= 1) {
            return needed.isPresent() ? sandboxes.acquire(learner, needed.get()) : sandboxes.acquire(learner);
        }
        Sandbox first = sandboxes.acquire(learner, SandboxProfile.DOCKER, nodes);
        if (node == 1) {
            // the others are made now, so the learner's other tabs find them ready sooner
            background.execute(() -> {
                try {
                    sandboxes.nodes(learner, nodes);
                } catch (RuntimeException e) {
                    LOG.infof("The nodes of learner %s were not made yet: %s", learner.hash(), e.getMessage());
                }
            });
            return first;
        }
        return sandboxes.nodes(learner, nodes).get(node - 1);
    }

    void input(WebSocketConnection connection, byte[] bytes) {
        TerminalSession session = sessions.get(connection.id());
        if (session != null && !session.mayType()) {
            if (session.firstRefusedKeystroke()) {
                session.sendText(Messages.error("This view is read-only: ask the learner for the keyboard first."));
            }
            return;
        }
        if (session != null) {
            traffic.received(bytes.length);
            session.input(bytes);
            sandboxes.touch(session.learnerHash());
        }
    }

    void control(WebSocketConnection connection, String text) {
        TerminalSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        TerminalSession.Kind kind = session.kind();
        switch (Messages.parse(text)) {
            case Messages.Resize r -> resized(session, r.size());
            case Messages.Ack a -> session.ack(a.bytes());
            case Messages.KeyboardRequest k -> onlyOn(session, TerminalSession.Kind.VIEWER, "keyboard-request",
                    () -> shadowing.request(session));
            case Messages.KeyboardRelease k -> onlyOn(session, TerminalSession.Kind.VIEWER, "keyboard-release",
                    () -> shadowing.release(session));
            case Messages.KeyboardAccept k -> onlyOn(session, TerminalSession.Kind.OWN, "keyboard-accept",
                    () -> shadowing.accept(session.learnerHash()));
            case Messages.KeyboardDecline k -> onlyOn(session, TerminalSession.Kind.OWN, "keyboard-decline",
                    () -> shadowing.decline(session.learnerHash()));
            case Messages.KeyboardTakeBack k -> onlyOn(session, TerminalSession.Kind.OWN, "keyboard-take-back",
                    () -> shadowing.takeBack(session.learnerHash()));
            case Messages.Position p -> onlyOn(session, TerminalSession.Kind.PRESENTING, "position", () -> {
                Broadcast broadcast = presenting.get(connection.id());
                if (broadcast != null) {
                    broadcast.moved(session, p.lesson(), p.step());
                }
            });
            case Messages.Unknown u -> session.sendText(Messages.error("Unknown control message type \"" + u.type()
                    + "\" ignored; known types are " + KNOWN.get(kind) + "."));
            case Messages.Malformed m -> session.sendText(Messages.error("Control message ignored: " + m.why() + "."));
        }
    }

    void rejectFrame(WebSocketConnection connection, Throwable error) {
        TerminalSession session = sessions.get(connection.id());
        if (session != null) {
            LOG.debugf("frame rejected: %s", LogText.of(error));
            session.sendText(Messages.error("A frame could not be read and was ignored (" + error.getClass().getSimpleName()
                    + "). Control frames are UTF-8 JSON text; keystrokes are binary."));
        }
    }

    void closed(WebSocketConnection connection) {
        TerminalSession session = sessions.remove(connection.id());
        if (session != null) {
            session.closed();
            if (session.kind() == TerminalSession.Kind.VIEWER) {
                shadowing.left(session);
            }
        }
        Broadcast broadcast = presenting.remove(connection.id());
        if (broadcast != null && session != null) {
            broadcasts.presenterLeft(broadcast, session);
        }
    }

    /** The control frames each kind of terminal takes, for the error that names them. */
    private static final Map<TerminalSession.Kind, String> KNOWN = Map.of(
            TerminalSession.Kind.OWN, "resize, ack, keyboard-accept, keyboard-decline and keyboard-take-back",
            TerminalSession.Kind.PRESENTING, "resize, ack and position",
            TerminalSession.Kind.VIEWER, "ack, keyboard-request and keyboard-release");

    private static void onlyOn(TerminalSession session, TerminalSession.Kind kind, String type, Runnable action) {
        if (session.kind() == kind) {
            action.run();
        } else {
            session.sendText(Messages.error("Control message \"" + type + "\" ignored: it is not for this terminal."));
        }
    }

    /** A tab's new size: the shell takes it (never a viewer's), the viewers draw at it. */
    private void resized(TerminalSession session, Size size) {
        if (session.kind() == TerminalSession.Kind.VIEWER) {
            return;
        }
        session.resize(size);
        sizes.put(session.learnerHash(), size);
        String frame = Messages.size(size);
        shadowing.viewersOf(session.learnerHash()).forEach(v -> v.sendText(frame));
        Broadcast broadcast = presenting.get(session.connectionId());
        if (broadcast != null) {
            broadcast.resized(session, size);
        }
    }

    /** The learner's own tabs, which hear who views them. */
    private List<TerminalSession> ownTabs(String learnerHash) {
        return sessions.values().stream()
                .filter(s -> s.kind() == TerminalSession.Kind.OWN && s.learnerHash().equals(learnerHash)).toList();
    }

    /** Instructors viewing this learner's terminal now. */
    public int viewersOf(LearnerId learner) {
        return shadowing.viewers(learner.hash());
    }

    /**
     * The sandbox went away (reset, reaped, removed): its terminals close with the reason. A
     * session still opening is waiting for the learner's next sandbox, not this one; when the
     * old one was replaced for another profile, it tells its learner once it is ready.
     */
    void onSandboxEnded(@Observes SandboxEnded event) {
        if (event.reason() != SandboxEnded.Reason.PROFILE_CHANGED) {
            // the learner's size lives as long as their sandbox; a replacement's opening tab keeps it
            sizes.remove(event.learnerHash());
        }
        for (TerminalSession session : List.copyOf(sessions.values())) {
            if (!session.learnerHash().equals(event.learnerHash())) {
                continue;
            }
            if (session.isAttached()) {
                session.fail(CloseCodes.of(event.reason()), event.reason().message());
            } else if (event.reason() == SandboxEnded.Reason.PROFILE_CHANGED) {
                session.sandboxReplaced();
            }
        }
    }

    /** Open terminals, for the tests and the health view. */
    public int openCount() {
        return sessions.size();
    }

    /** Output bytes sent to the browsers since the server started. */
    public long bytesToBrowsers() {
        return traffic.toBrowsers();
    }

    /** Keystroke bytes received from the browsers since the server started. */
    public long bytesFromBrowsers() {
        return traffic.fromBrowsers();
    }

    /** Unacknowledged output bytes across all terminals: bounded by the window times the sessions. */
    long unackedBytes() {
        return sessions.values().stream().mapToLong(TerminalSession::unackedBytes).sum();
    }

    /**
     * The first sign of a stop, before the HTTP server closes its connections (with a plain 1000,
     * which the page takes for "session over"): the browsers hear "going away" and reconnect.
     * Needs {@code quarkus.shutdown.delay-enabled}; the ShutdownEvent below comes after the HTTP server is gone.
     */
    void onStopping(@Observes ShutdownDelayInitiatedEvent event) {
        sayGoodbye();
    }

    /** Before the sandbox service drains the pool: the prepared execs in pool sandboxes end here first. */
    void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        sayGoodbye();
        // every attach hung up while its engine connection is still open
        stop();
    }

    private void sayGoodbye() {
        // Browsers reconnect to the next server and find the same shells: hang up our clients cleanly.
        List<CompletableFuture<Void>> goodbyes = List.copyOf(sessions.values()).stream()
                .map(s -> s.fail(CloseCodes.GOING_AWAY, SandboxEnded.Reason.SHUTDOWN.message() + " Reconnecting shortly."))
                .toList();
        // the pool's sandboxes go with the server; their prepared execs end here rather than with an error
        prepared.closeAll();
        // A quiet stop: the close frames leave before the HTTP server and the engine clients go.
        try {
            CompletableFuture.allOf(goodbyes.toArray(CompletableFuture[]::new)).get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("not every terminal was told of the stop: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        background.shutdown();
        try {
            background.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
