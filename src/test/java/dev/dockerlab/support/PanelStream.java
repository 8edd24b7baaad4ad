package dev.dockerlab.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One open panel, as the page's EventSource holds it: {@code GET /api/sandbox/panel?section=...}
 * read line by line; each {@code data:} line's JSON is kept.
 */
public final class PanelStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpResponse<Stream<String>> response;
    private final List<JsonNode> updates = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();
    private final Thread reader;

    private PanelStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    synchronized (this) {
                        raw.append(line).append('\n');
                        if (line.startsWith("data:")) {
                            try {
                                updates.add(JSON.readTree(line.substring(5).trim()));
                            } catch (java.io.IOException e) {
                                // kept in raw: the test sees it
                            }
                        }
                    }
                });
            } catch (RuntimeException e) {
                // closed by the test or the server
            }
        });
    }

    /** Opens the panel's stream of {@code section} for the learner with this cookie (null: none). */
    public static PanelStream open(URI base, String cookie, String section) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/sandbox/panel?section=" + section))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(5));
        if (cookie != null) {
            request.header("Cookie", Learner.COOKIE + "=" + cookie);
        }
        try {
            CompletableFuture<HttpResponse<Stream<String>>> answer = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            return new PanelStream(answer.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("opening the panel's stream", e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public synchronized List<JsonNode> updates() {
        return List.copyOf(updates);
    }

    /** Everything the server sent, as text. */
    public synchronized String raw() {
        return raw.toString();
    }

    /** The first update matching {@code condition}, waiting up to {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode update : updates()) {
                if (condition.test(update)) {
                    return update;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no panel update matched within " + timeout + "; the stream said:\n" + raw());
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
