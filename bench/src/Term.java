import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

/** The browser's side of /terminal: binary keystrokes, output counted, acks as configured. */
final class Term implements AutoCloseable, WebSocket.Listener {

    /** frontend/terminal-client.js: ACK_MIN_BYTES and ACK_MAX_DELAY_MS. */
    static final long PAGE_ACK_BYTES = 8 * 1024;
    static final long PAGE_ACK_DELAY_MS = 50;

    private final Output output = new Output();
    private final AtomicLong unacked = new AtomicLong();
    private final boolean autoAck;
    private volatile WebSocket socket;
    private volatile Thread acker;

    private Term(boolean autoAck) {
        this.autoAck = autoAck;
    }

    /** Opens the socket; with autoAck, acknowledges as the page does (at 8 KiB, or 50 ms after the first unacknowledged byte). */
    static Term open(URI base, String cookie, boolean autoAck) {
        return open(base, cookie, autoAck, "");
    }

    /** The same beside a lesson: {@code query} is more of the address ({@code lesson=...&node=2}). */
    static Term open(URI base, String cookie, boolean autoAck, String query) {
        return open(base, "/terminal?cols=120&rows=30" + (query.isEmpty() ? "" : "&" + query), cookie, null, autoAck);
    }

    /** Another socket of the terminal's kind (the classroom's), with the instructor's bearer token when not null. */
    static Term open(URI base, String pathAndQuery, String cookie, String bearer, boolean autoAck) {
        return open(ServerUnderTest.HTTP, base, pathAndQuery, cookie, bearer, autoAck);
    }

    /**
     * The same through a client of its own: the JDK reads every socket of one client on one
     * selector thread, so a terminal timed beside a hundred others of the same client would be
     * timed in the queue of their frames (another browser's, in a room).
     */
    static Term open(HttpClient client, URI base, String pathAndQuery, String cookie, String bearer, boolean autoAck) {
        Term term = new Term(autoAck);
        // onOpen sets term.socket before any message: a replay may arrive before this future completes
        var builder = client.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base.toString());
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        builder.buildAsync(URI.create("ws://" + base.getAuthority() + pathAndQuery), term).join();
        if (autoAck) {
            term.ackEvery(PAGE_ACK_DELAY_MS); // with the 8 KiB rule in onBinary: how the page acknowledges
        }
        return term;
    }

    Output output() {
        return output;
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        int n = data.remaining();
        byte[] bytes = new byte[n];
        data.get(bytes);
        output.record(bytes);
        unacked.addAndGet(n);
        if (autoAck && unacked.get() >= PAGE_ACK_BYTES) {
            ack();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        ws.request(1);
        return null;
    }

    // the JDK's WebSocket takes one send at a time: keystrokes and acks share this lock
    private synchronized void ack() {
        long n = unacked.getAndSet(0);
        if (n > 0 && !socket.isOutputClosed()) {
            try {
                socket.sendText("{\"type\":\"ack\",\"bytes\":" + n + "}", true).join();
            } catch (CompletionException e) {
                // closed meanwhile: nothing left to acknowledge
            }
        }
    }

    void ackEvery(long ms) {
        acker = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    return;
                }
                ack();
            }
        });
    }

    synchronized void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    @Override
    public void close() {
        if (acker != null) {
            acker.interrupt();
        }
        socket.abort();
    }
}
