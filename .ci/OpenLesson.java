import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A learner, as CI plays one: loads a lesson page of a running server (which gives the browser its
 * cookie), opens the lesson's terminal, types a command and waits for the text it should print,
 * then leaves with the sandbox still running.
 *
 *   java .ci/OpenLesson.java http://127.0.0.1:8080 why-docker 'docker run --rm hello-world' 'Hello from Docker'
 */
public class OpenLesson {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String lesson = args[1], command = args[2], expect = args[3];
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> page = http.send(HttpRequest.newBuilder(base.resolve("/lessons/" + lesson)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (page.statusCode() != 200) {
            fail("the lesson page /lessons/" + lesson + " answered " + page.statusCode());
        }
        String cookie = page.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0])
                .filter(c -> c.contains("learner")).findFirst().orElseThrow(() -> new IllegalStateException("no learner cookie"));

        StringBuilder screen = new StringBuilder();
        // The JDK's WebSocket takes one send at a time: acks and keystrokes queue behind each other.
        Sends sends = new Sends();
        CountDownLatch prompt = new CountDownLatch(1), done = new CountDownLatch(1);
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                synchronized (screen) {
                    screen.append(new String(bytes, StandardCharsets.UTF_8));
                    if (screen.indexOf("learner@") >= 0) {
                        prompt.countDown();
                    }
                    if (screen.indexOf(expect) >= 0) {
                        done.countDown();
                    }
                }
                sends.then(w -> w.sendText("{\"type\":\"ack\",\"bytes\":" + bytes.length + "}", true));
                ws.request(1);
                return CompletableFuture.completedFuture(null);
            }
        };
        String origin = base.getScheme() + "://" + base.getAuthority();
        URI terminal = URI.create((base.getScheme().equals("https") ? "wss://" : "ws://") + base.getAuthority()
                + "/terminal?cols=120&rows=30&lesson=" + lesson);
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", origin)
                .connectTimeout(Duration.ofSeconds(30)).buildAsync(terminal, listener).get(60, TimeUnit.SECONDS);
        sends.open(ws);
        if (!prompt.await(120, TimeUnit.SECONDS)) {
            fail("no prompt within 120 s; the terminal showed:\n" + screen);
        }
        sends.then(w -> w.sendBinary(ByteBuffer.wrap((command + "\r").getBytes(StandardCharsets.UTF_8)), true)).get();
        if (!done.await(180, TimeUnit.SECONDS)) {
            fail("'" + expect + "' did not appear within 180 s; the terminal showed:\n" + screen);
        }
        sends.then(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "done")).get(10, TimeUnit.SECONDS);
        System.out.println("==> A learner opened " + lesson + " and ran: " + command);
    }

    /** Sends in order, each after the one before has gone out. */
    private static final class Sends {
        private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        private CompletableFuture<WebSocket> last = opened;

        void open(WebSocket ws) {
            opened.complete(ws);
        }

        synchronized CompletableFuture<WebSocket> then(Function<WebSocket, CompletableFuture<WebSocket>> send) {
            last = last.thenCompose(send);
            return last;
        }
    }

    private static void fail(String why) {
        System.err.println("OpenLesson: " + why);
        System.exit(1);
    }
}
