import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The presenter broadcast's price: the instructor's keystroke echo on their own terminal
 * ({@code /workshops/{id}/present}) with no viewer, then with {@code bench.viewers} (100) learners
 * of the workshop watching it ({@code /workshops/{id}/presenter}), same run, same shell. The
 * broadcast must not slow the instructor's own terminal. Beside it, how late the viewers see
 * the echo (key to the byte at the last of them).
 */
final class Broadcasting {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SLUG = Pattern.compile("\"slug\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * One key every {@code bench.classroom.gap-ms} (100 ms, a fast typist's ten keys a second) for the
     * target rows: an instructor types at a person's pace, and the 100 viewers' clients run on the
     * same two cores as the server here, where in a room they run on a hundred other machines. The rows
     * with keys back to back (the next key the moment the echo came) show the worst case.
     */
    private static final long GAP_MS = Long.getLong("bench.classroom.gap-ms", 100);

    private Broadcasting() {
    }

    static void measure(ServerUnderTest server) throws Exception {
        URI base = server.base();
        ServerUnderTest.Learner instructor = server.arrive();
        String lessons = ServerUnderTest.HTTP.send(HttpRequest.newBuilder(base.resolve("/api/lessons")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String slug = group(SLUG, lessons);
        String created = post(base, "/api/workshops", "{\"name\":\"bench\",\"lessons\":[\"" + slug + "\"]}",
                "Authorization", "Bearer " + Bench.INSTRUCTOR_TOKEN, null);
        String workshop = group(ID, created);
        String code = group(CODE, created);
        int keys = Math.max(200, Bench.KEYS / 2);
        // the instructor's browser is not the viewers': a client (and selector thread) of its own
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Term present = Term.open(own, base, "/workshops/" + workshop + "/present?cols=120&rows=30", instructor.cookie(),
                Bench.INSTRUCTOR_TOKEN, true)) {
            present.output().awaitText(Bench.PROMPT, Duration.ofSeconds(30));
            Thread.sleep(300);
            List<Double> alone = Echo.latencies(present::send, present.output()::count, keys, GAP_MS);
            present.send(new byte[] {0x15});
            List<Double> aloneFlat = Echo.latencies(present::send, present.output()::count, keys);
            present.send(new byte[] {0x15});

            List<Term> viewers = new ArrayList<>();
            try {
                for (int i = 0; i < Bench.VIEWERS; i++) {
                    ServerUnderTest.Learner learner = server.arrive();
                    post(base, "/api/workshops/join", "{\"code\":\"" + code + "\",\"name\":\"viewer " + i + "\"}",
                            "Cookie", learner.cookie(), "http://" + base.getAuthority());
                    viewers.add(Term.open(base, "/workshops/" + workshop + "/presenter", learner.cookie(), null, true));
                }
                Term last = viewers.getLast();
                Waits.until(() -> last.output().count() > 0, 10_000);
                Thread.sleep(500);
                List<Double> watched = Echo.latencies(present::send, present.output()::count, keys, GAP_MS);
                present.send(new byte[] {0x15});
                List<Double> watchedFlat = Echo.latencies(present::send, present.output()::count, keys);
                present.send(new byte[] {0x15});
                // the echo at the viewers: key to the byte at the last viewer opened
                List<Double> atViewers = Echo.latencies(present::send, last.output()::count, keys / 4, GAP_MS);
                present.send(new byte[] {0x15});
                Report.row("Classroom: instructor's echo p50 with " + Bench.VIEWERS + " viewers, a key every " + GAP_MS + " ms (ms)",
                        Report.p(watched, 50), Report.p(alone, 50), "within 1 ms of 0 viewers");
                Report.row("Classroom: instructor's echo p99 with " + Bench.VIEWERS + " viewers, a key every " + GAP_MS + " ms (ms)",
                        Report.p(watched, 99), Report.p(alone, 99), "within 5 ms of 0 viewers");
                Report.row("Classroom: echo seen by the " + Bench.VIEWERS + "th viewer p50 (ms)",
                        Report.p(atViewers, 50), Report.p(alone, 50), "a few ms behind the instructor");
                Report.row("Classroom: instructor's echo p50, keys back to back (ms)",
                        Report.p(watchedFlat, 50), Report.p(aloneFlat, 50), "worst case, no target");
                Report.row("Classroom: instructor's echo p99, keys back to back (ms)",
                        Report.p(watchedFlat, 99), Report.p(aloneFlat, 99), "worst case, no target");
            } finally {
                viewers.forEach(Term::close);
            }
        }
        server.reset(instructor);
    }

    private static String post(URI base, String path, String json, String header, String value, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header(header, value).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (origin != null) {
            request.header("Origin", origin);
        }
        HttpResponse<String> response = ServerUnderTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }
}
