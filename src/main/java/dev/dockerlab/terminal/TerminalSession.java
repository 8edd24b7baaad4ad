package dev.dockerlab.terminal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.dockerlab.sandbox.KeeperFrames;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.sandbox.SandboxExec;
import dev.dockerlab.sandbox.ShellAttach;
import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * One browser tab attached to one shell: an exec in the learner's sandbox running
 * {@code dockerlab-shell attach}, which hands the exec's stdin and stdout to the sandbox's shell
 * keeper (deploy/sandbox/dockerlab-shell.c). The keeper owns the shell's terminal, so every
 * reconnect lands in the same shell, with the screen replayed. The exec has no TTY of its own:
 * output comes through a pipe, faster than Docker's TTY path, and a resize travels as a frame on
 * stdin. Output flows under {@link Credit}; input goes through {@link StdinQueue}.
 */
final class TerminalSession {

    private static final Logger LOG = Logger.getLogger(TerminalSession.class);

    /** The keeper let go of this attach; the shell lives on. */
    private static final long KEEPER_DROPPED = KeeperFrames.EXIT_DROPPED;
    /** Exit codes of {@code docker exec} when the command could not be started. */
    private static final long EXEC_NOT_RUNNABLE = 126;
    /** ESC c: a viewer shown the screen again starts from a clean terminal. */
    private static final byte[] FULL_RESET = {0x1b, 'c'};
    private static final long EXEC_NOT_FOUND = 127;

    /** An attach started before its browser came (a warm-pool sandbox's, a returning learner's), with the queue it reads. */
    record Prepared(ShellAttach shell, StdinQueue stdin) implements PreparedAttaches.Attach {

        @Override
        public boolean alive() {
            return shell.alive();
        }

        /** As a closing tab's attach: the keeper lets go of it, then its stream and stdin close. */
        @Override
        public void hangUp() {
            stdin.close();
            shell.hangUp();
            shell.close();
        }

        @Override
        public void close() {
            shell.close();
        }
    }

    /** Whose tab this is. */
    enum Kind {
        /** The learner's own terminal ({@code /terminal}). */
        OWN,
        /** An instructor's own terminal, its output also broadcast to a workshop ({@code /workshops/{id}/present}). */
        PRESENTING,
        /** An instructor viewing a learner's terminal ({@code /workshops/{id}/shadow/{learner}}): no size, keys only when handed the keyboard. */
        VIEWER
    }

    private final WebSocketConnection connection;
    private final String learnerHash;
    private final String serverEpoch;
    private final String token;
    private final SandboxExec execs;
    private final ExecutorService background;
    private final Credit credit;
    /** Keystrokes and sizes: the session's own queue until attached, then its exec's. */
    private volatile StdinQueue stdin;
    private final AtomicReference<Size> pendingSize;
    private final Runnable onSandboxGone;
    private final Traffic traffic;
    private final Kind kind;
    /** Sees every output byte before flow control (a presenter's broadcast); never blocks. */
    private final Consumer<byte[]> tap;
    /** A viewer's keystrokes reach the shell only while its learner lets it type (Shadowing). */
    private volatile boolean mayType;
    private final AtomicBoolean toldReadOnly = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean hungUp = new AtomicBoolean();
    /** The learner's sandbox was replaced for another profile while this session opened. */
    private final AtomicBoolean replaced = new AtomicBoolean();
    private final AtomicLong output = new AtomicLong();
    /** For the open-to-prompt log line (DEBUG): when the session began, got its sandbox, started its exec. */
    private final long openedAt = System.nanoTime();
    private volatile long sandboxAt;
    private volatile long startedAt;

    /**
     * A viewer's latest output, to show it the screen again after it fell behind; null for the
     * other kinds. Guards {@link #viewerBehind}.
     */
    private final ScreenTail viewerTail;
    private boolean viewerBehind;

    private volatile Sandbox sandbox;
    private volatile ShellAttach shell;
    /** This terminal's place under the terminal limits, given back when it closes. */
    private volatile TerminalLimits.Slot slot;

    TerminalSession(WebSocketConnection connection, String learnerHash, String serverEpoch, String token,
            Size size, SandboxExec execs, ExecutorService background, TerminalConfig config, Runnable onSandboxGone,
            Traffic traffic) {
        this(connection, learnerHash, serverEpoch, token, size, execs, background, config, onSandboxGone, traffic,
                Kind.OWN, null);
    }

    /** A size of null sends none: a viewer never resizes the learner's terminal. */
    TerminalSession(WebSocketConnection connection, String learnerHash, String serverEpoch, String token,
            Size size, SandboxExec execs, ExecutorService background, TerminalConfig config, Runnable onSandboxGone,
            Traffic traffic, Kind kind, Consumer<byte[]> tap) {
        this.kind = kind;
        this.tap = tap;
        this.traffic = traffic;
        this.connection = connection;
        this.learnerHash = learnerHash;
        this.serverEpoch = serverEpoch;
        this.token = token;
        this.execs = execs;
        this.background = background;
        this.credit = new Credit(config.windowBytes().asLongValue());
        this.viewerTail = kind == Kind.VIEWER ? new ScreenTail(Broadcasts.TAIL_BYTES) : null;
        this.stdin = new StdinQueue(config.maxPendingInputBytes().asLongValue());
        this.pendingSize = new AtomicReference<>(size);
        this.onSandboxGone = onSandboxGone;
    }

    String learnerHash() {
        return learnerHash;
    }

    Kind kind() {
        return kind;
    }

    String connectionId() {
        return connection.id();
    }

    /** Lets a viewer's keystrokes through, or stops them at once. */
    void mayType(boolean allowed) {
        mayType = allowed;
    }

    boolean mayType() {
        return kind != Kind.VIEWER || mayType;
    }

    /** True the first time a viewer's keystroke is refused: it is told once, not per key. */
    boolean firstRefusedKeystroke() {
        return toldReadOnly.compareAndSet(false, true);
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Attached to a sandbox (a session still being opened may be waiting for a new one). */
    boolean isAttached() {
        return sandbox != null;
    }

    /**
     * Attaches to the shell in the sandbox and pumps its output to the browser: through an attach
     * started in advance (the warm pool's, may be null) or a new one; {@code shell} is the keeper's
     * shell when it must start it (empty: its login bash).
     *
     * @throws SandboxException.Gone when the sandbox no longer exists
     * @throws SandboxException.Stopped when it no longer runs
     */
    void attach(Sandbox sandbox, Prepared prepared, List<String> shell) {
        this.sandbox = sandbox;
        this.sandboxAt = System.nanoTime();
        applySize(); // the first frame the keeper reads: the shell has the browser's size before any keystroke
        ShellAttach exec;
        if (prepared != null) {
            exec = prepared.shell();
            StdinQueue early = stdin;
            stdin = prepared.stdin();
            early.moveTo(prepared.stdin());
        } else {
            try {
                exec = execs.attach(sandbox, stdin, serverEpoch, token, shell);
            } catch (RuntimeException e) {
                // not attached after all: the sandbox's end (it stopped or went) is not this session's
                // end, which goes on to the learner's next sandbox
                this.sandbox = null;
                throw e;
            }
        }
        this.shell = exec;
        this.startedAt = System.nanoTime();
        if (closing.get()) {
            // the tab closed while we attached: its release saw no exec, so this one is hung up here
            hangUpOnce();
            return;
        }
        exec.bind(new ShellAttach.Sink() {
            @Override
            public void output(byte[] bytes) {
                forward(bytes);
            }

            @Override
            public void ended(Throwable error) {
                try {
                    background.execute(() -> streamEnded(error));
                } catch (RejectedExecutionException stopping) {
                    // the server is stopping: it closed its terminals already, this end is theirs
                }
            }
        });
    }

    /** The sandbox layer replaced the learner's sandbox (for another profile) while this session opened. */
    void sandboxReplaced() {
        replaced.set(true);
    }

    /** Whether the learner's sandbox was replaced while this session opened; true once. */
    boolean replacedWhileOpening() {
        return replaced.getAndSet(false);
    }

    /** Takes the terminal's place under the limits; a session already closing gives it back at once. */
    void hold(TerminalLimits.Slot admitted) {
        slot = admitted;
        if (closing.get()) {
            admitted.release();
        }
    }

    void input(byte[] bytes) {
        if (!offerFrames(bytes)) {
            fail(CloseCodes.INPUT_FLOOD, "Keystrokes arrived faster than the shell could take them; the connection"
                    + " was closed. Reload to go on.");
        }
    }

    void resize(Size size) {
        if (kind == Kind.VIEWER) {
            return;
        }
        pendingSize.set(size);
        applySize();
    }

    /** Queues keystrokes for the keeper as frames ({@link KeeperFrames}); false when too much is waiting. */
    private boolean offerFrames(byte[] keystrokes) {
        for (byte[] frame : KeeperFrames.input(keystrokes)) {
            if (!stdin.offer(frame)) {
                return false;
            }
        }
        return true;
    }

    void ack(long bytes) {
        credit.ack(bytes);
        if (viewerTail != null) {
            viewerCaughtUp();
        }
    }

    long unackedBytes() {
        return credit.unacked();
    }

    void sendText(String json) {
        connection.sendText(json).subscribe().with(ok -> {
        }, e -> LOG.debugf("text frame not sent: %s", e.getMessage()));
    }

    /**
     * Tells the browser why, then closes with the code. The shell stays with its keeper for next time.
     * Completes once the close is sent (or failed), so a stopping server can wait for its goodbyes.
     */
    CompletableFuture<Void> fail(int code, String message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!closing.compareAndSet(false, true)) {
            done.complete(null);
            return done;
        }
        release();
        connection.sendText(Messages.error(message))
                .onItemOrFailure().transformToUni((ok, e) -> connection.close(new CloseReason(code, shorten(message))))
                .subscribe().with(ok -> done.complete(null), e -> {
                    LOG.debugf("close failed: %s", e.getMessage());
                    done.complete(null);
                });
        return done;
    }

    /** The browser went away (or we are closing it): stop pumping and hang up this tab's attach. */
    void closed() {
        if (closing.compareAndSet(false, true)) {
            release();
        }
    }

    private void release() {
        TerminalLimits.Slot held = slot;
        if (held != null) {
            held.release();
        }
        credit.close();
        stdin.close();
        hangUpOnce();
    }

    /** Hangs up this tab's attach, once, whether the release or a late attach gets here first. */
    private void hangUpOnce() {
        ShellAttach exec = shell;
        if (exec == null || !hungUp.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            exec.hangUp();
            exec.close();
        });
    }

    private void applySize() {
        Size size = pendingSize.getAndSet(null);
        if (size == null || closing.get()) {
            return;
        }
        // a size is a control frame: it never counts against the keystroke limit
        stdin.offerControl(KeeperFrames.resize(size.rows(), size.cols()));
    }

    /** What happened when the shell's stream ended without us closing it. */
    private void streamEnded(Throwable error) {
        if (closing.get()) {
            return;
        }
        if (!execs.engineAnswers()) {
            fail(CloseCodes.ENGINE_UNAVAILABLE, new SandboxException.EngineUnavailable(error).getMessage());
            return;
        }
        try {
            Long exitCode = shell.exitCode();
            // A client killed by a signal usually means its container is going: docker rm -f, the OOM
            // killer on PID 1, an engine stop. Give the engine a moment to say which before calling it an exit.
            int looks = exitCode == null || exitCode >= 128 ? 10 : 1;
            for (int i = 0; i < looks; i++) {
                if (!shell.sandboxRunning()) {
                    sandboxGone();
                    return;
                }
                if (i + 1 < looks) {
                    Thread.sleep(200);
                }
            }
            long code = exitCode == null ? 0 : exitCode;
            if (code == KEEPER_DROPPED) {
                fail(CloseCodes.DETACHED, "This tab was detached from the shell: it took no output for a minute,"
                        + " or too many tabs were open. The shell is still there; reconnecting attaches again.");
                return;
            }
            if ((code == EXEC_NOT_FOUND || code == EXEC_NOT_RUNNABLE) && output.get() < 1024) {
                // not the shell's own exit: the exec never ran the keeper (an image not built FROM dockerlab/sandbox)
                LOG.errorf("The sandbox %s cannot run %s (exit code %d): build sandbox images FROM dockerlab/sandbox",
                        sandbox.name(), ShellAttach.SHELL_KEEPER, code);
                fail(CloseCodes.NOT_READY, "This sandbox's image has no " + ShellAttach.SHELL_KEEPER
                        + ", so no terminal can open in it. Tell the operator: sandbox images must be built"
                        + " FROM dockerlab/sandbox (docs/operations.md).");
                return;
            }
            if (closing.compareAndSet(false, true)) {
                release();
                connection.sendText(Messages.exit(code))
                        .onItemOrFailure().transformToUni((ok, e) -> connection.close(
                                new CloseReason(CloseCodes.NORMAL, "the shell ended")))
                        .subscribe().with(ok -> {
                        }, e -> LOG.debugf("close failed: %s", e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SandboxException.Gone e) {
            sandboxGone();
        }
    }

    private void sandboxGone() {
        onSandboxGone.run();
        fail(CloseCodes.SANDBOX_ENDED, SandboxEnded.Reason.GONE.message());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String shorten(String message) {
        // a close reason must fit in 123 bytes; the full text went in the error frame
        return message.length() > 100 ? message.substring(0, 97) + "..." : message;
    }

    /** Output of the exec, on docker-java's stream thread: forwarded under flow control. */
    private void forward(byte[] bytes) {
        if (output.getAndAdd(bytes.length) == 0) {
            long now = System.nanoTime();
            traffic.firstOutput(Duration.ofNanos(now - openedAt));
            LOG.debugf("Terminal of %s: first output %.1f ms after open (sandbox %.1f, exec %.1f, shell %.1f)",
                    learnerHash, ms(now - openedAt), ms(sandboxAt - openedAt), ms(startedAt - sandboxAt),
                    ms(now - startedAt));
        }
        if (tap != null && !closing.get()) {
            if (credit.tryTake(bytes.length)) {
                // the presenter's own frame first: the viewers' sends (a hundred in a class) then
                // queue behind it on the event loops instead of in front of it
                send(bytes);
                tap.accept(bytes);
                return;
            }
            // the presenter's browser is behind: the viewers get the bytes as the shell prints them,
            // not once it has caught up
            tap.accept(bytes);
        }
        if (viewerTail != null) {
            forwardToViewer(bytes);
            return;
        }
        try {
            if (!credit.take(bytes.length)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        send(bytes);
    }

    /**
     * A viewer never holds the learner's shell back. The keeper gives the shell's output to every
     * attach before it reads more, so a viewer's stream that waited for its browser (an instructor
     * on a slow network) would stop the learner's own terminal until the keeper dropped it, a
     * minute later. A viewer whose browser is a window behind skips output instead, as a presenter's
     * viewers do ({@link Broadcast}), and is shown the screen again once it has caught up.
     */
    private void forwardToViewer(byte[] bytes) {
        synchronized (viewerTail) {
            viewerTail.append(bytes);
            if (closing.get()) {
                return;
            }
            if (!viewerBehind && credit.tryTake(bytes.length)) {
                send(bytes);
            } else {
                viewerBehind = true;
            }
        }
    }

    /** A viewer that skipped output and has now taken all it was sent: a clean terminal and the screen's tail. */
    private void viewerCaughtUp() {
        synchronized (viewerTail) {
            if (!viewerBehind || closing.get() || credit.unacked() > 0) {
                return;
            }
            byte[] screen = viewerTail.snapshot();
            byte[] frame = new byte[FULL_RESET.length + screen.length];
            System.arraycopy(FULL_RESET, 0, frame, 0, FULL_RESET.length);
            System.arraycopy(screen, 0, frame, FULL_RESET.length, screen.length);
            viewerBehind = false;
            if (credit.tryTake(frame.length)) { // nothing is unacknowledged: a frame of any size may go
                send(frame);
            }
        }
    }

    /** Bytes the credit has room for, to this terminal's own browser. */
    private void send(byte[] bytes) {
        traffic.sent(bytes.length);
        connection.sendBinary(Buffer.buffer(bytes)).subscribe().with(ok -> {
        }, e -> closed());
    }
}
