package dev.dockerlab.terminal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.WebSocketConnection;

/** The presenter broadcasts, one per workshop while its presenter or a viewer is there. */
@ApplicationScoped
public class Broadcasts {

    /** As much of the presenter's latest output as the shell keeper replays to a new tab. */
    static final int TAIL_BYTES = 256 * 1024;

    private final Map<String, Broadcast> byWorkshop = new ConcurrentHashMap<>();
    /** Which broadcast each viewer's connection watches. */
    private final Map<String, Broadcast> byViewer = new ConcurrentHashMap<>();
    private final long window;

    public Broadcasts(TerminalConfig config) {
        this.window = config.windowBytes().asLongValue();
    }

    /** A present tab goes live (atomically with the map, so an idle broadcast being forgotten is not reused). */
    Broadcast present(String workshopId, TerminalSession session, String instructor, Messages.Size size) {
        return byWorkshop.compute(workshopId, (id, b) -> {
            Broadcast broadcast = b == null ? new Broadcast(id, window, TAIL_BYTES) : b;
            broadcast.live(session, instructor, size);
            return broadcast;
        });
    }

    void join(String workshopId, WebSocketConnection viewer) {
        byWorkshop.compute(workshopId, (id, b) -> {
            Broadcast broadcast = b == null ? new Broadcast(id, window, TAIL_BYTES) : b;
            byViewer.put(viewer.id(), broadcast);
            broadcast.join(viewer);
            return broadcast;
        });
    }

    void ack(WebSocketConnection viewer, long bytes) {
        Broadcast broadcast = byViewer.get(viewer.id());
        if (broadcast != null) {
            broadcast.ack(viewer, bytes);
        }
    }

    void leave(WebSocketConnection viewer) {
        Broadcast broadcast = byViewer.remove(viewer.id());
        if (broadcast != null && !broadcast.leave(viewer)) {
            forgetIfIdle(broadcast);
        }
    }

    /** The presenter's tab closed. */
    void presenterLeft(Broadcast broadcast, TerminalSession session) {
        broadcast.offline(session);
        forgetIfIdle(broadcast);
    }

    private void forgetIfIdle(Broadcast broadcast) {
        byWorkshop.computeIfPresent(broadcast.workshopId(), (id, b) -> b == broadcast && b.idle() ? null : b);
    }

    /** Viewers of a workshop's broadcast now, for the tests and the bench. */
    public int viewers(String workshopId) {
        return Optional.ofNullable(byWorkshop.get(workshopId)).map(Broadcast::viewerCount).orElse(0);
    }

    /** Bytes skipped for viewers that fell behind, for the tests and the bench. */
    public long droppedBytes(String workshopId) {
        return Optional.ofNullable(byWorkshop.get(workshopId)).map(Broadcast::droppedBytes).orElse(0L);
    }
}
