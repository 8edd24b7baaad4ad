package dev.dockerlab.terminal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.NotFoundException;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.PoolSandboxReady;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.WebSocketConnection;

/** Keeps the open terminals, one {@link TerminalSession} per WebSocket connection. */
@ApplicationScoped
public class TerminalService {

    private static final Logger LOG = Logger.getLogger(TerminalService.class);

    private final SandboxService sandboxes;
    private final LessonCatalog lessons;
    private final dev.dockerlab.sandbox.Engine engine;
    private final TerminalConfig config;
    private final Map<String, TerminalSession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    /** Tells this server's terminal attaches from those a dead predecessor left behind. */
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    /** Execs started in warm-pool sandboxes for their first learner, by container id. */
    private final Map<String, ShellExec> prepared = new ConcurrentHashMap<>();

    public TerminalService(SandboxService sandboxes, dev.dockerlab.sandbox.Engine engine, TerminalConfig config,
            LessonCatalog lessons) {
        this.sandboxes = sandboxes;
        this.lessons = lessons;
        this.engine = engine;
        this.config = config;
    }

    /**
     * Attaches a new connection to its learner's shell, creating the sandbox if needed. A lesson
     * that needs Docker gets a Docker-enabled sandbox (replacing a plain one, with a notice).
     */
    void open(WebSocketConnection connection, LearnerId learner, Size size, String lessonSlug) {
        Optional<SandboxProfile> needed = lessonSlug == null ? Optional.empty()
                : lessons.find(lessonSlug).flatMap(Lesson::sandbox);
        Optional<SandboxProfile> before = sandboxes.profileOf(learner);
        String hash = learner.hash();
        TerminalSession session = new TerminalSession(connection, hash, epoch,
                newToken(), size, engine, background, config,
                () -> sandboxes.forgetGone(hash));
        sessions.put(connection.id(), session);
        try {
            Sandbox sandbox = acquire(learner, needed);
            try {
                session.attach(sandbox, takePrepared(sandbox));
            } catch (NotFoundException e) {
                // removed behind our back since we last looked: start over with a fresh one
                LOG.infof("Sandbox %s was gone at attach; making a new one", sandbox.name());
                sandboxes.forgetGone(hash);
                sandbox = acquire(learner, needed);
                session.attach(sandbox, takePrepared(sandbox));
            }
            sandboxes.joinNetwork(sandbox);
            session.sendText(Messages.ready(size, sandboxes.config().idleTimeout().toSeconds()));
            Optional<SandboxProfile> now = sandboxes.profileOf(learner);
            if (before.isPresent() && now.isPresent() && before.get() != now.get()) {
                session.sendText(Messages.notice(SandboxEnded.Reason.PROFILE_CHANGED.message()));
            }
            if (needed.orElse(null) == SandboxProfile.DOCKER && sandboxes.profiles().docker().startOnOpen()) {
                Sandbox started = sandbox;
                background.execute(() -> sandboxes.startInnerEngine(started));
            }
        } catch (SandboxException e) {
            session.fail(CloseCodes.of(e), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Attaching a terminal failed", e);
            session.fail(CloseCodes.INTERNAL_ERROR, "The server could not start your terminal. Reload to try again;"
                    + " if it keeps failing, tell the operator (the server log has the details).");
        }
    }

    /**
     * A warm-pool sandbox gets its first terminal's exec now, before anyone claims it: the new
     * learner then skips the exec's start (about 40 ms of the engine's and runc's time).
     */
    void prepareForFirstLearner(@Observes PoolSandboxReady ready) {
        String id = ready.sandbox().containerId();
        try {
            ShellExec exec = ShellExec.start(engine, id, epoch, newToken(),
                    new StdinQueue(config.maxPendingInputBytes()));
            ShellExec before = prepared.put(id, exec);
            if (before != null) {
                before.close();
            }
        } catch (RuntimeException e) {
            LOG.debugf("No exec prepared in %s: %s", ready.sandbox().name(), e.getMessage());
        }
    }

    /** Names one attach: its PID file in the sandbox, and so which process a closing tab hangs up. */
    private static String newToken() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    /** The exec prepared in this sandbox while it was in the pool, if it still runs. */
    private ShellExec takePrepared(Sandbox sandbox) {
        ShellExec exec = prepared.remove(sandbox.containerId());
        if (exec != null && !exec.alive()) {
            exec.close();
            return null;
        }
        return exec;
    }

    private Sandbox acquire(LearnerId learner, Optional<SandboxProfile> needed) {
        return needed.isPresent() ? sandboxes.acquire(learner, needed.get()) : sandboxes.acquire(learner);
    }

    void input(WebSocketConnection connection, byte[] bytes) {
        TerminalSession session = sessions.get(connection.id());
        if (session != null) {
            session.input(bytes);
            sandboxes.touch(session.learnerHash());
        }
    }

    void control(WebSocketConnection connection, String text) {
        TerminalSession session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        switch (Messages.parse(text)) {
            case Messages.Resize r -> session.resize(r.size());
            case Messages.Ack a -> session.ack(a.bytes());
            case Messages.Unknown u -> session.sendText(Messages.error("Unknown control message type \"" + u.type()
                    + "\" ignored; known types are resize and ack."));
            case Messages.Malformed m -> session.sendText(Messages.error("Control message ignored: " + m.why() + "."));
        }
    }

    void rejectFrame(WebSocketConnection connection, Throwable error) {
        TerminalSession session = sessions.get(connection.id());
        if (session != null) {
            LOG.debugf("frame rejected: %s", error.toString());
            session.sendText(Messages.error("A frame could not be read and was ignored (" + error.getClass().getSimpleName()
                    + "). Control frames are UTF-8 JSON text; keystrokes are binary."));
        }
    }

    void closed(WebSocketConnection connection) {
        TerminalSession session = sessions.remove(connection.id());
        if (session != null) {
            session.closed();
        }
    }

    /** The sandbox went away (reset, reaped, removed): its terminals close with the reason. */
    void onSandboxEnded(@Observes SandboxEnded event) {
        for (TerminalSession session : List.copyOf(sessions.values())) {
            // a session still opening is waiting for the learner's next sandbox, not this one
            if (session.learnerHash().equals(event.learnerHash()) && session.isAttached()) {
                session.fail(CloseCodes.of(event.reason()), event.reason().message());
            }
        }
    }

    /** Open terminals, for the tests and the health view. */
    public int openCount() {
        return sessions.size();
    }

    /** Unacknowledged output bytes across all terminals: bounded by the window times the sessions. */
    long unackedBytes() {
        return sessions.values().stream().mapToLong(TerminalSession::unackedBytes).sum();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        // Browsers reconnect to the next server and find the same shells: hang up our clients cleanly.
        for (TerminalSession session : List.copyOf(sessions.values())) {
            session.fail(CloseCodes.GOING_AWAY, SandboxEnded.Reason.SHUTDOWN.message() + " Reconnecting shortly.");
        }
        // the pool's sandboxes go with the server; their prepared execs end here rather than with an error
        prepared.values().forEach(ShellExec::close);
        prepared.clear();
    }

    @PreDestroy
    void stop() {
        background.shutdown();
        try {
            background.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
