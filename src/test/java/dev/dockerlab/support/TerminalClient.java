package dev.dockerlab.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A terminal client as a browser is one: it sends the cookie and Origin on the upgrade, types
 * bytes, acknowledges what it "rendered", and keeps all output for assertions.
 */
public final class TerminalClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Set in the listener's onOpen, before any message arrives. */
    private volatile WebSocket socket;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicBoolean autoAck;
    private final AtomicLong unacked = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    private TerminalClient(Listener listener) {
        this.autoAck = listener.autoAck;
        listener.client = this;
    }

    /** Opens {@code /terminal} as the learner with this cookie, from the server's own origin. */
    public static TerminalClient open(URI base, String cookie) {
        return open(base, cookie, base.getScheme() + "://" + base.getAuthority(), "");
    }

    public static TerminalClient open(URI base, String cookie, String origin, String query) {
        return open(base, cookie, origin, query, Map.of());
    }

    /** With extra request headers: a proxy's X-Forwarded-For, say, where the server trusts one. */
    public static TerminalClient open(URI base, String cookie, String origin, String query, Map<String, String> headers) {
        return openPath(base, "/terminal" + (query.isEmpty() ? "" : "?" + query), cookie, origin, headers);
    }

    /** Another socket of the terminal's kind (the classroom's: {@code /workshops/{id}/shadow/...}), from the server's own origin. */
    public static TerminalClient openPath(URI base, String pathAndQuery, String cookie, Map<String, String> headers) {
        return openPath(base, pathAndQuery, cookie, base.getScheme() + "://" + base.getAuthority(), headers);
    }

    public static TerminalClient openPath(URI base, String pathAndQuery, String cookie, String origin,
            Map<String, String> headers) {
        Listener listener = new Listener();
        // the client exists before the socket: messages may arrive before buildAsync's future completes
        TerminalClient client = new TerminalClient(listener);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        headers.forEach(builder::header);
        URI uri = URI.create("ws://" + base.getAuthority() + pathAndQuery);
        builder.buildAsync(uri, listener).join();
        return client;
    }

    /** Tries an upgrade that should be refused; answers the HTTP status it got. */
    public static int refusedStatus(URI base, String cookie, String origin) {
        return refusedStatus(base, cookie, origin, Map.of());
    }

    /** Tries an upgrade to another socket that should be refused; answers the HTTP status it got (101 if it was not). */
    public static int refusedStatusAt(URI base, String pathAndQuery, String cookie, String origin, Map<String, String> headers) {
        HttpResponse<?> refusal = refusalAt(base, pathAndQuery, cookie, origin, headers);
        return refusal == null ? 101 : refusal.statusCode();
    }

    /** Tries an upgrade that should be refused; answers the refusing response, or null if it was not refused. */
    public static HttpResponse<?> refusalAt(URI base, String pathAndQuery, String cookie, String origin,
            Map<String, String> headers) {
        try {
            openPath(base, pathAndQuery, cookie, origin, headers).close();
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse();
            }
            throw e;
        }
    }

    public static int refusedStatus(URI base, String cookie, String origin, Map<String, String> headers) {
        try {
            open(base, cookie, origin, "", headers).close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void type(String keys) {
        sendBytes(keys.getBytes(StandardCharsets.UTF_8));
    }

    // The JDK's WebSocket allows one send at a time; keystrokes (test thread) and acks (listener
    // thread) take turns.
    public synchronized void sendBytes(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public synchronized void sendText(String json) {
        socket.sendText(json, true).join();
    }

    public void resize(int cols, int rows) {
        sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}");
    }

    /** Stops acknowledging output, as a slow browser would. */
    public void pauseAcks() {
        autoAck.set(false);
    }

    public void ackAll() {
        long n = unacked.getAndSet(0);
        if (n > 0) {
            sendText("{\"type\":\"ack\",\"bytes\":" + n + "}");
        }
    }

    public void resumeAcks() {
        autoAck.set(true);
        ackAll();
    }

    public long receivedBytes() {
        return received.get();
    }

    public synchronized String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    public synchronized void clearOutput() {
        output.reset();
    }

    public List<String> textMessages() {
        return texts;
    }

    /** Waits for output matching the pattern and answers the match's first group (or the whole match). */
    public String await(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> pattern.matcher(stripped()).find());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No output matching /" + regex + "/ within " + timeout + "; the terminal showed:\n"
                    + tail(stripped()) + "\nraw: " + tail(output()).replace("\u001B", "^[").replace("\r", "^M").replace("\n", "^J")
                    + "\ntext frames: " + texts, e);
        }
        Matcher m = pattern.matcher(stripped());
        m.find();
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    public String await(String regex) {
        return await(regex, Duration.ofSeconds(15));
    }

    public String awaitText(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        try {
            Awaitility.await().atMost(timeout).until(() -> texts.stream().anyMatch(t -> pattern.matcher(t).find()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No text frame matching /" + regex + "/ within " + timeout + "; got " + texts, e);
        }
        return texts.stream().filter(t -> pattern.matcher(t).find()).findFirst().orElseThrow();
    }

    /**
     * Runs a command and answers what it printed. The markers are assembled by printf, so the
     * echoed command line never matches; carriage returns are dropped from the answer.
     */
    public String run(String command) {
        return run(command, Duration.ofSeconds(15));
    }

    /** {@link #run(String)} for commands that take longer (pulling an image, starting a service). */
    public String run(String command, Duration timeout) {
        String tag = Long.toHexString(System.nanoTime());
        type("r=$( " + command + " 2>&1 ); printf '\\n%s-%s\\n%s\\n%s-%s\\n' B " + tag + " \"$r\" E " + tag + "\r");
        return await("B-" + tag + "\\r*\\n(.*?)\\r*\\n?E-" + tag, timeout).replace("\r", "").trim()
                .replaceAll("\n{2,}", "\n");
    }

    /**
     * Output with ANSI escape sequences removed; a cursor jump to another line (how full-screen
     * programs draw a new line) counts as a line break.
     */
    public String stripped() {
        return output()
                .replaceAll("\u001B\\[[0-9;]*[Hf]", "\n")
                .replaceAll("\u001B\\[[0-9;?>]*[ -/]*[@-~]", "")
                .replaceAll("\u001B[()][0-9A-B]", "")
                .replaceAll("\u001B[=>78M]", "")
                .replaceAll("\u001B\\][^\u0007]*\u0007", "");
    }

    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the socket within " + timeout + "; text frames: " + texts, e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }

    /** Drops the connection without a close handshake, as a dead network does. */
    public void abort() {
        socket.abort();
    }

    private static String tail(String s) {
        return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
    }

    private synchronized void append(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        output.write(bytes, 0, bytes.length);
        received.addAndGet(bytes.length);
    }

    private static final class Listener implements WebSocket.Listener {
        final AtomicBoolean autoAck = new AtomicBoolean(true);
        volatile TerminalClient client;
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            client.socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            int n = data.remaining();
            client.append(data);
            client.unacked.addAndGet(n);
            if (autoAck.get()) {
                client.ackAll();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                client.texts.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closeCode.complete(1006);
        }
    }
}
