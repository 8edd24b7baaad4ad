package dev.dockerlab.terminal;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.QueryStringDecoder;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.buffer.Buffer;

/** {@code /terminal}: binary frames are keystrokes and output, text frames are JSON control. */
@WebSocket(path = "/terminal")
public class TerminalSocket {

    private final TerminalService terminals;

    public TerminalSocket(TerminalService terminals) {
        this.terminals = terminals;
    }

    @OnOpen
    @RunOnVirtualThread
    public void onOpen(WebSocketConnection connection) {
        // found and verified by the upgrade check, which lets no request without a learner through
        LearnerId learner = connection.userData().get(TerminalUpgradeCheck.LEARNER);
        if (learner == null) {
            connection.closeAndAwait(new CloseReason(CloseCodes.POLICY, "no learner cookie"));
            return;
        }
        String query = connection.handshakeRequest().query();
        terminals.open(connection, learner, connection.userData().get(TerminalUpgradeCheck.ADDRESS),
                initialSize(query), lessonOf(query), nodeOf(query));
    }

    @OnBinaryMessage
    @NonBlocking
    public void onKeys(WebSocketConnection connection, Buffer keys) {
        terminals.input(connection, keys.getBytes());
    }

    @OnTextMessage
    @NonBlocking
    public void onControl(WebSocketConnection connection, String message) {
        terminals.control(connection, message);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        terminals.closed(connection);
    }

    @OnError
    @NonBlocking
    public void onError(WebSocketConnection connection, Throwable error) {
        // e.g. a text frame that is not valid UTF-8: the frame is dropped, the session goes on
        terminals.rejectFrame(connection, error);
    }

    /** {@code lesson=<slug>}: the lesson beside the terminal, which may need a sandbox with Docker. */
    static String lessonOf(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        var values = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().get("lesson");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@code node=<k>}: which of a several-node lesson's nodes this terminal attaches to; 1 when absent, 0 when not a number. */
    static int nodeOf(String query) {
        if (query == null || query.isEmpty()) {
            return 1;
        }
        var values = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().get("node");
        if (values == null || values.isEmpty()) {
            return 1;
        }
        try {
            return Integer.parseInt(values.get(0).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Size initialSize(String query) {
        if (query == null || query.isEmpty()) {
            return Size.DEFAULT;
        }
        var params = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters();
        long cols = number(params.get("cols"), Size.DEFAULT.cols());
        long rows = number(params.get("rows"), Size.DEFAULT.rows());
        return Size.clamped(cols, rows);
    }

    private static long number(java.util.List<String> values, int fallback) {
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(values.get(0).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
