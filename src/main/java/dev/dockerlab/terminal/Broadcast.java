package dev.dockerlab.terminal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.dockerlab.terminal.Messages.Size;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/**
 * One workshop's presenter broadcast: the instructor's terminal (a {@link TerminalSession} of kind
 * PRESENTING) hands each output chunk here once, on its stream's reader thread, and this hands it
 * to every viewer without waiting for any of them. Each viewer may have at most {@code window}
 * bytes unacknowledged, as a terminal has; a viewer past that is skipped (its bytes dropped, not
 * queued) until it has caught up, then shown the current screen again ({@link ScreenTail}). So a
 * hundred viewers, or one on a dead network, never slow the instructor's own terminal: the reader
 * thread only copies into the tail and queues a send per viewer.
 */
final class Broadcast {

    private static final Logger LOG = Logger.getLogger(Broadcast.class);
    /** A full reset: a viewer shown the screen again starts from a clean terminal. */
    private static final byte[] RESET = {0x1b, 'c'};

    private final String workshopId;
    private final long window;
    private final ScreenTail tail;
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** The terminal whose output this is; a newer present tab of the instructor replaces an older one. */
    private TerminalSession presenter;
    private String instructor;
    private Size size = Size.DEFAULT;
    private String position;

    Broadcast(String workshopId, long window, int tailBytes) {
        this.workshopId = workshopId;
        this.window = window;
        this.tail = new ScreenTail(tailBytes);
    }

    String workshopId() {
        return workshopId;
    }

    /** One viewer's place: its connection and its unacknowledged bytes. */
    private final class Viewer {
        final WebSocketConnection connection;
        long unacked;
        boolean behind;

        Viewer(WebSocketConnection connection) {
            this.connection = connection;
        }

        /** Queues the bytes for sending unless the viewer is too far behind; never waits. */
        void offer(byte[] bytes) {
            synchronized (this) {
                if (behind || (unacked > 0 && unacked + bytes.length > window)) {
                    behind = true;
                    dropped.addAndGet(bytes.length);
                    return;
                }
                unacked += bytes.length;
            }
            send(bytes);
        }

        /** True when the viewer was behind and has now taken everything sent: show it the screen again. */
        boolean ack(long bytes) {
            synchronized (this) {
                unacked = Math.max(0, unacked - Math.max(0, bytes));
                if (behind && unacked == 0) {
                    behind = false;
                    return true;
                }
                return false;
            }
        }

        void send(byte[] bytes) {
            // a Buffer per viewer: a frame's buffer is released once written
            connection.sendBinary(Buffer.buffer(bytes)).subscribe().with(ok -> {
            }, e -> LOG.debugf("broadcast frame not sent: %s", e.getMessage()));
        }

        void sendText(String json) {
            connection.sendText(json).subscribe().with(ok -> {
            }, e -> LOG.debugf("broadcast text not sent: %s", e.getMessage()));
        }

        /** Shows the current screen: a reset, then the tail. Counts against the window like any output. */
        void showScreen(byte[] screen) {
            byte[] frame = new byte[RESET.length + screen.length];
            System.arraycopy(RESET, 0, frame, 0, RESET.length);
            System.arraycopy(screen, 0, frame, RESET.length, screen.length);
            synchronized (this) {
                unacked += frame.length;
            }
            send(frame);
        }
    }

    /** The presenter's output: into the tail and out to every viewer. Called on the presenter's reader thread. */
    void output(TerminalSession from, byte[] bytes) {
        synchronized (this) {
            if (from != presenter) {
                return; // an older present tab: its output is the same shell's, already here
            }
            tail.append(bytes);
            for (Viewer viewer : viewers.values()) {
                viewer.offer(bytes);
            }
        }
    }

    /** A present tab took over: viewers hear it is live, with its size. */
    void live(TerminalSession session, String instructorName, Size initial) {
        synchronized (this) {
            presenter = session;
            instructor = instructorName;
            size = initial;
            String live = Messages.presenter(true, instructor);
            String sized = Messages.size(size);
            for (Viewer viewer : viewers.values()) {
                viewer.sendText(live);
                viewer.sendText(sized);
            }
        }
    }

    /** The present tab closed: viewers keep the last screen and hear the presenter is gone. */
    void offline(TerminalSession session) {
        synchronized (this) {
            if (presenter != session) {
                return;
            }
            presenter = null;
            String gone = Messages.presenter(false, instructor);
            viewers.values().forEach(v -> v.sendText(gone));
        }
    }

    void resized(TerminalSession session, Size newSize) {
        synchronized (this) {
            if (presenter != session) {
                return;
            }
            size = newSize;
            String sized = Messages.size(size);
            viewers.values().forEach(v -> v.sendText(sized));
        }
    }

    void moved(TerminalSession session, String lesson, int step) {
        synchronized (this) {
            if (presenter != session) {
                return;
            }
            position = Messages.position(lesson, step);
            String at = position;
            viewers.values().forEach(v -> v.sendText(at));
        }
    }

    /** A learner's presenter pane joins: it hears whether the presenter is live, its size, the screen and the position. */
    void join(WebSocketConnection connection) {
        Viewer viewer = new Viewer(connection);
        synchronized (this) {
            viewer.sendText(Messages.ready(size));
            viewer.sendText(Messages.presenter(presenter != null, instructor));
            viewer.sendText(Messages.size(size));
            viewer.showScreen(tail.snapshot());
            if (position != null) {
                viewer.sendText(position);
            }
            // under the lock: no output falls between the screen and the live bytes
            viewers.put(connection.id(), viewer);
        }
    }

    void ack(WebSocketConnection connection, long bytes) {
        Viewer viewer = viewers.get(connection.id());
        if (viewer != null && viewer.ack(bytes)) {
            synchronized (this) {
                viewer.showScreen(tail.snapshot());
            }
        }
    }

    /** A viewer left; answers whether anyone (viewer or presenter) is still here. */
    boolean leave(WebSocketConnection connection) {
        viewers.remove(connection.id());
        synchronized (this) {
            return presenter != null || !viewers.isEmpty();
        }
    }

    synchronized boolean idle() {
        return presenter == null && viewers.isEmpty();
    }

    int viewerCount() {
        return viewers.size();
    }

    /** Output bytes skipped for viewers that were behind, since the broadcast began. */
    long droppedBytes() {
        return dropped.get();
    }

    synchronized boolean isLive() {
        return presenter != null;
    }
}
