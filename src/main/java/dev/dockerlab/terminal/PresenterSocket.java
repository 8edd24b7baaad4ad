package dev.dockerlab.terminal;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /workshops/{workshop}/presenter}: a learner's presenter pane, the workshop's instructor's
 * terminal read-only, with the instructor's lesson position. Members of the workshop only
 * ({@link ClassroomUpgradeCheck}); it takes acknowledgements and nothing else.
 */
@WebSocket(path = "/workshops/{workshop}/presenter")
public class PresenterSocket {

    private final Broadcasts broadcasts;

    public PresenterSocket(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        String workshop = connection.userData().get(ClassroomUpgradeCheck.WORKSHOP);
        if (workshop == null) {
            connection.close(new CloseReason(CloseCodes.POLICY, "not a member of this workshop")).subscribe().with(ok -> {
            }, e -> {
            });
            return;
        }
        broadcasts.join(workshop, connection);
    }

    @OnBinaryMessage
    @NonBlocking
    public void onKeys(WebSocketConnection connection, Buffer keys) {
        // read-only: keystrokes have nowhere to go
    }

    @OnTextMessage
    @NonBlocking
    public void onControl(WebSocketConnection connection, String message) {
        switch (Messages.parse(message)) {
            case Messages.Ack a -> broadcasts.ack(connection, a.bytes());
            // a viewer draws at the presenter's size: its own size changes nothing
            case Messages.Resize r -> {
            }
            case Messages.KeyboardRequest k -> readOnly(connection, "keyboard-request");
            case Messages.KeyboardRelease k -> readOnly(connection, "keyboard-release");
            case Messages.KeyboardAccept k -> readOnly(connection, "keyboard-accept");
            case Messages.KeyboardDecline k -> readOnly(connection, "keyboard-decline");
            case Messages.KeyboardTakeBack k -> readOnly(connection, "keyboard-take-back");
            case Messages.Position p -> readOnly(connection, "position");
            case Messages.Unknown u -> send(connection, Messages.error("Unknown control message type \"" + u.type()
                    + "\" ignored; the presenter's view takes ack."));
            case Messages.Malformed m -> send(connection, Messages.error("Control message ignored: " + m.why() + "."));
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        broadcasts.leave(connection);
    }

    private static void readOnly(WebSocketConnection connection, String type) {
        send(connection, Messages.error("Control message \"" + type + "\" ignored: the presenter's view is read-only."));
    }

    private static void send(WebSocketConnection connection, String json) {
        connection.sendText(json).subscribe().with(ok -> {
        }, e -> {
        });
    }
}
