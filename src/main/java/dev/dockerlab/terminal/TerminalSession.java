package dev.dockerlab.terminal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;
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

    /** Frame types on the keeper's stdin: type, length (2 bytes, big-endian), payload. */
    private static final byte FRAME_INPUT = 'i';
    private static final byte FRAME_RESIZE = 'r';
    /** The keeper's limit (FRAME_PAYLOAD_MAX in dockerlab-shell.c): it buffers one frame per attach. */
    private static final int MAX_FRAME_PAYLOAD = 4096;

    /** The keeper let go of this attach; the shell lives on (EXIT_DROPPED in dockerlab-shell.c). */
    private static final long KEEPER_DROPPED = 75;
    /** Exit codes of {@code docker exec} when the command could not be started. */
    private static final long EXEC_NOT_RUNNABLE = 126;
    private static final long EXEC_NOT_FOUND = 127;

    /**
     * Hangs up this tab's attach (its PID is recorded by {@code dockerlab-shell attach}): the
     * keeper then lets go of the exec's pipes. Closing a Docker exec stream alone does not end it.
     */
    static final String DETACH_SCRIPT = """
            f=/tmp/.dockerlab/attach-$1-$2.pid
            [ -r "$f" ] && kill -HUP "$(cat "$f")" 2>/dev/null; rm -f "$f"
            """;

    private final WebSocketConnection connection;
    private final String learnerHash;
    private final String serverEpoch;
    private final String token;
    private final Engine engine;
    private final ExecutorService background;
    private final Credit credit;
    /** Keystrokes and sizes: the session's own queue until attached, then its exec's. */
    private volatile StdinQueue stdin;
    private final AtomicReference<Size> pendingSize;
    private final Runnable onSandboxGone;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong output = new AtomicLong();
    /** For the open-to-prompt log line (DEBUG): when the session began, got its sandbox, started its exec. */
    private final long openedAt = System.nanoTime();
    private volatile long sandboxAt;
    private volatile long startedAt;

    private volatile Sandbox sandbox;
    private volatile ShellExec shell;

    TerminalSession(WebSocketConnection connection, String learnerHash, String serverEpoch, String token,
            Size size, Engine engine, ExecutorService background, TerminalConfig config, Runnable onSandboxGone) {
        this.connection = connection;
        this.learnerHash = learnerHash;
        this.serverEpoch = serverEpoch;
        this.token = token;
        this.engine = engine;
        this.background = background;
        this.credit = new Credit(config.windowBytes());
        this.stdin = new StdinQueue(config.maxPendingInputBytes());
        this.pendingSize = new AtomicReference<>(size);
        this.onSandboxGone = onSandboxGone;
    }

    String learnerHash() {
        return learnerHash;
    }

    boolean isClosing() {
        return closing.get();
    }

    /** Attached to a sandbox (a session still being opened may be waiting for a new one). */
    boolean isAttached() {
        return sandbox != null;
    }

    /**
     * Attaches to the shell in the sandbox and pumps its output to the browser: through an exec
     * started in advance (the warm pool's, may be null) or a new one.
     *
     * @throws NotFoundException when the sandbox container no longer exists
     */
    void attach(Sandbox sandbox, ShellExec prepared) {
        this.sandbox = sandbox;
        this.sandboxAt = System.nanoTime();
        applySize(); // the first frame the keeper reads: the shell has the browser's size before any keystroke
        ShellExec exec;
        if (prepared != null) {
            exec = prepared;
            StdinQueue early = stdin;
            stdin = exec.stdin;
            early.moveTo(exec.stdin);
        } else {
            exec = ShellExec.start(engine, sandbox.containerId(), serverEpoch, token, stdin);
        }
        this.shell = exec;
        this.startedAt = System.nanoTime();
        exec.bind(new ShellExec.Sink() {
            @Override
            public void output(byte[] bytes) {
                forward(bytes);
            }

            @Override
            public void ended(Throwable error) {
                background.execute(() -> streamEnded(error));
            }
        });
    }

    void input(byte[] bytes) {
        if (!offerFrames(FRAME_INPUT, bytes)) {
            fail(CloseCodes.INPUT_FLOOD, "Keystrokes arrived faster than the shell could take them; the connection"
                    + " was closed. Reload to go on.");
        }
    }

    void resize(Size size) {
        pendingSize.set(size);
        applySize();
    }

    /** Queues bytes for the keeper as frames of at most 4 KiB; false when too much is waiting. */
    private boolean offerFrames(byte type, byte[] payload) {
        for (int offset = 0; offset < payload.length; offset += MAX_FRAME_PAYLOAD) {
            int length = Math.min(MAX_FRAME_PAYLOAD, payload.length - offset);
            byte[] frame = new byte[3 + length];
            frame[0] = type;
            frame[1] = (byte) (length >>> 8);
            frame[2] = (byte) length;
            System.arraycopy(payload, offset, frame, 3, length);
            if (type == FRAME_RESIZE) {
                stdin.offerControl(frame);
            } else if (!stdin.offer(frame)) {
                return false;
            }
        }
        return true;
    }

    void ack(long bytes) {
        credit.ack(bytes);
    }

    long unackedBytes() {
        return credit.unacked();
    }

    void sendText(String json) {
        connection.sendText(json).subscribe().with(ok -> {
        }, e -> LOG.debugf("text frame not sent: %s", e.getMessage()));
    }

    /** Tells the browser why, then closes with the code. The shell stays with its keeper for next time. */
    void fail(int code, String message) {
        if (closing.compareAndSet(false, true)) {
            release();
            connection.sendText(Messages.error(message))
                    .onItemOrFailure().transformToUni((ok, e) -> connection.close(new CloseReason(code, shorten(message))))
                    .subscribe().with(ok -> {
                    }, e -> LOG.debugf("close failed: %s", e.getMessage()));
        }
    }

    /** The browser went away (or we are closing it): stop pumping and hang up this tab's attach. */
    void closed() {
        if (closing.compareAndSet(false, true)) {
            release();
        }
    }

    private void release() {
        credit.close();
        stdin.close();
        ShellExec exec = shell;
        Sandbox sb = sandbox;
        background.execute(() -> {
            if (exec != null && sb != null) {
                hangUp(sb, exec.token);
            }
            if (exec != null) {
                exec.close();
            }
        });
    }

    private void hangUp(Sandbox sb, String attachToken) {
        try {
            engine.runAsLearner(sb.containerId(), java.time.Duration.ofSeconds(30), DETACH_SCRIPT, serverEpoch,
                    attachToken);
        } catch (NotFoundException e) {
            // the sandbox is gone, and its processes with it
        } catch (RuntimeException e) {
            LOG.debugf("could not hang up the shell client in %s: %s", sb.name(), e.getMessage());
        }
    }

    private void applySize() {
        Size size = pendingSize.getAndSet(null);
        if (size == null || closing.get()) {
            return;
        }
        // a size is a control frame: it never counts against the keystroke limit
        offerFrames(FRAME_RESIZE, new byte[] {
                (byte) (size.rows() >>> 8), (byte) size.rows(), (byte) (size.cols() >>> 8), (byte) size.cols()});
    }

    /** What happened when the shell's stream ended without us closing it. */
    private void streamEnded(Throwable error) {
        if (closing.get()) {
            return;
        }
        if (!engine.answers()) {
            fail(CloseCodes.ENGINE_UNAVAILABLE, new SandboxException.EngineUnavailable(error).getMessage());
            return;
        }
        try {
            InspectExecResponse exec = engine.client().inspectExecCmd(shell.execId).exec();
            Long exitCode = exec.getExitCodeLong();
            // A client killed by a signal usually means its container is going: docker rm -f, the OOM
            // killer on PID 1, an engine stop. Give the engine a moment to say which before calling it an exit.
            int looks = exitCode == null || exitCode >= 128 ? 10 : 1;
            for (int i = 0; i < looks; i++) {
                var state = engine.client().inspectContainerCmd(sandbox.containerId()).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning()) || "removing".equals(state.getStatus())) {
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
                        sandbox.name(), ShellExec.SHELL_KEEPER, code);
                fail(CloseCodes.NOT_READY, "This sandbox's image has no " + ShellExec.SHELL_KEEPER
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
        } catch (NotFoundException e) {
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
        if (output.getAndAdd(bytes.length) == 0 && LOG.isDebugEnabled()) {
            long now = System.nanoTime();
            LOG.debugf("Terminal of %s: first output %.1f ms after open (sandbox %.1f, exec %.1f, shell %.1f)",
                    learnerHash, ms(now - openedAt), ms(sandboxAt - openedAt), ms(startedAt - sandboxAt),
                    ms(now - startedAt));
        }
        try {
            if (!credit.take(bytes.length)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        connection.sendBinary(Buffer.buffer(bytes)).subscribe().with(ok -> {
        }, e -> closed());
    }
}
