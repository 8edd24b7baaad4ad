package dev.dockerlab.terminal;

import dev.dockerlab.learner.LearnerId;
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
 * {@code /workshops/{workshop}/present}: the instructor's own terminal (their own sandbox, by
 * their learner cookie), as {@code /terminal} is, and broadcast to the workshop's learners; it
 * also carries the instructor's lesson position. Instructors only ({@link ClassroomUpgradeCheck}).
 */
@WebSocket(path = "/workshops/{workshop}/present")
public class PresentSocket {

    private final TerminalService terminals;

    public PresentSocket(TerminalService terminals) {
        this.terminals = terminals;
    }

    @OnOpen
    @RunOnVirtualThread
    public void onOpen(WebSocketConnection connection) {
        LearnerId learner = connection.userData().get(TerminalUpgradeCheck.LEARNER);
        String workshop = connection.userData().get(ClassroomUpgradeCheck.WORKSHOP);
        if (learner == null || workshop == null) {
            connection.closeAndAwait(new CloseReason(CloseCodes.POLICY, "not an instructor of this workshop"));
            return;
        }
        String query = connection.handshakeRequest().query();
        terminals.openPresenting(connection, learner, connection.userData().get(TerminalUpgradeCheck.ADDRESS),
                TerminalSocket.initialSize(query), TerminalSocket.lessonOf(query), workshop,
                connection.userData().get(ClassroomUpgradeCheck.INSTRUCTOR_NAME));
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
