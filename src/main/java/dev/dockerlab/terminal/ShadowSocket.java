package dev.dockerlab.terminal;

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

/**
 * {@code /workshops/{workshop}/shadow/{learner}}: an instructor views a learner's terminal, read-only
 * until the learner hands over the keyboard. Who may is decided in the upgrade ({@link ClassroomUpgradeCheck}).
 */
@WebSocket(path = "/workshops/{workshop}/shadow/{learner}")
public class ShadowSocket {

    private final TerminalService terminals;

    public ShadowSocket(TerminalService terminals) {
        this.terminals = terminals;
    }

    @OnOpen
    @RunOnVirtualThread
    public void onOpen(WebSocketConnection connection) {
        String viewed = connection.userData().get(ClassroomUpgradeCheck.VIEWED);
        String instructor = connection.userData().get(ClassroomUpgradeCheck.INSTRUCTOR_ID);
        if (viewed == null || instructor == null) {
            connection.closeAndAwait(new CloseReason(CloseCodes.POLICY, "not an instructor of this workshop"));
            return;
        }
        terminals.openViewer(connection, viewed, instructor, connection.userData().get(ClassroomUpgradeCheck.INSTRUCTOR_NAME));
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
        terminals.rejectFrame(connection, error);
    }
}
