package dev.dockerlab.terminal;

import java.io.Closeable;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;
import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * One browser tab attached to one shell: a TTY exec in the learner's sandbox running
 * {@code tmux new-session -A}, so every reconnect lands in the same shell with the same screen.
 * Output flows under {@link Credit}; input goes through {@link StdinQueue}.
 */
final class TerminalSession {

    private static final Logger LOG = Logger.getLogger(TerminalSession.class);

    /**
     * Started per attach as the learner. It records its PID so a closed tab can be hung up
     * (closing a Docker exec stream does not end the process), hangs up clients left by a server
     * that died, then becomes the tmux client. Without tmux (a custom image) it falls back to bash.
     */
    static final String ATTACH_SCRIPT = """
            d=/tmp/.dockerlab; mkdir -p "$d" 2>/dev/null
            for f in "$d"/attach-*.pid; do
              case "$f" in "$d/attach-$1-"*|"$d/attach-*.pid") ;; *) kill -HUP "$(cat "$f")" 2>/dev/null; rm -f "$f";; esac
            done
            echo $$ > "$d/attach-$1-$2.pid"
            if command -v tmux >/dev/null 2>&1; then exec tmux -u new-session -A -s main; fi
            exec bash -l 2>/dev/null || exec sh -l
            """;

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
    private final StdinQueue stdin;
    private final AtomicReference<Size> pendingSize;
    private final Runnable onSandboxGone;
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile Sandbox sandbox;
    private volatile String execId;
    private volatile Closeable stream;

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
     * Starts the shell in the sandbox and pumps its output to the browser.
     *
     * @throws NotFoundException when the sandbox container no longer exists
     */
    void attach(Sandbox sandbox) {
        this.sandbox = sandbox;
        DockerClient docker = engine.client();
        String id = engine.call(() -> docker.execCreateCmd(sandbox.containerId())
                .withUser("1000:1000")
                .withTty(true)
                .withAttachStdin(true)
                .withAttachStdout(true)
                .withAttachStderr(true)
                // COLUMNS/LINES are deliberately absent: they would override the real TTY size
                .withEnv(List.of("TERM=xterm-256color", "LANG=C.UTF-8", "COLORTERM=truecolor"))
                .withWorkingDir("/home/learner")
                .withCmd("/bin/sh", "-c", ATTACH_SCRIPT, "dockerlab-attach", serverEpoch, token)
                .exec().getId());
        this.execId = id;
        Pump pump = docker.execStartCmd(id).withTty(true).withStdIn(stdin).exec(new Pump());
        this.stream = pump;
        try {
            pump.awaitStarted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applySize();
    }

    void input(byte[] bytes) {
        if (!stdin.offer(bytes)) {
            fail(CloseCodes.INPUT_FLOOD, "Keystrokes arrived faster than the shell could take them; the connection"
                    + " was closed. Reload to go on.");
        }
    }

    void resize(Size size) {
        pendingSize.set(size);
        if (execId != null) {
            background.execute(this::applySize);
        }
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

    /** Tells the browser why, then closes with the code. The shell is left to tmux for next time. */
    void fail(int code, String message) {
        if (closing.compareAndSet(false, true)) {
            release();
            connection.sendText(Messages.error(message))
                    .onItemOrFailure().transformToUni((ok, e) -> connection.close(new CloseReason(code, shorten(message))))
                    .subscribe().with(ok -> {
                    }, e -> LOG.debugf("close failed: %s", e.getMessage()));
        }
    }

    /** The browser went away (or we are closing it): stop pumping and hang up the tmux client. */
    void closed() {
        if (closing.compareAndSet(false, true)) {
            release();
        }
    }

    private void release() {
        credit.close();
        stdin.close();
        Closeable s = stream;
        String id = execId;
        Sandbox sb = sandbox;
        background.execute(() -> {
            if (id != null && sb != null) {
                hangUp(sb);
            }
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.debugf("closing exec stream: %s", e.getMessage());
                }
            }
        });
    }

    private void hangUp(Sandbox sb) {
        try {
            engine.runAsLearner(sb.containerId(), java.time.Duration.ofSeconds(30), DETACH_SCRIPT, serverEpoch, token);
        } catch (NotFoundException e) {
            // the sandbox is gone, and its processes with it
        } catch (RuntimeException e) {
            LOG.debugf("could not hang up the shell client in %s: %s", sb.name(), e.getMessage());
        }
    }

    private void applySize() {
        Size size = pendingSize.getAndSet(null);
        String id = execId;
        if (size == null || id == null || closing.get()) {
            return;
        }
        try {
            engine.client().resizeExecCmd(id).withSize(size.rows(), size.cols()).exec();
        } catch (RuntimeException e) {
            LOG.debugf("resize failed: %s", e.getMessage());
        }
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
            InspectExecResponse exec = engine.client().inspectExecCmd(execId).exec();
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

    private static String shorten(String message) {
        // a close reason must fit in 123 bytes; the full text went in the error frame
        return message.length() > 100 ? message.substring(0, 97) + "..." : message;
    }

    /** Reads the exec's output on docker-java's stream thread and forwards it under flow control. */
    private final class Pump extends ResultCallback.Adapter<Frame> {

        @Override
        public void onNext(Frame frame) {
            // docker-java reuses the frame's buffer for the next read: copy before anything async sees it
            byte[] payload = frame.getPayload();
            if (payload == null || payload.length == 0) {
                return;
            }
            byte[] bytes = Arrays.copyOf(payload, payload.length);
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

        @Override
        public void onError(Throwable throwable) {
            super.onError(throwable);
            background.execute(() -> streamEnded(throwable));
        }

        @Override
        public void onComplete() {
            super.onComplete();
            background.execute(() -> streamEnded(null));
        }
    }
}
