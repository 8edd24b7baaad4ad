package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Encoded newlines, NULs and escape sequences in a path: each is a clean 400 or 404, the server
 * logs no error and no stack trace for it, and nothing of the request becomes a log line of its
 * own (finding 11 of the outside test: a 500 with an ERROR per request, and a forged line).
 */
@QuarkusTest
class LogForgingTest {

    /** What an attacker would like an operator to read as the server's own line. */
    private static final String FORGED = "FORGED-LINE INFO [dev.dockerlab] all is well";
    private static final String F = FORGED.replace(" ", "%20").replace("[", "%5B").replace("]", "%5D");

    private static final List<String> PATHS = List.of(
            "/lessons/first-steps/x%0a" + F + "%00.png",
            "/lessons/first-steps/images%0d%0a" + F + "/%00",
            "/lessons/first-steps/%1b%5b2J%1b%5bH" + F + "%00.svg",
            "/lessons/first-steps/..%2f..%2f%00%0a" + F + ".txt",
            "/lessons/%0a" + F + "%00",
            "/lessons/%0a" + F + "%00/x.png",
            "/api/lessons/%0a" + F + "%00",
            "/assets/%0a" + F + "%00.js",
            "/preview/8080/%0a" + F + "%00");

    @TestHTTPResource("/")
    URI base;

    @Test
    void malformedPathsAreACleanNotFoundAndWriteNoErrorAndNoForgedLine() throws Exception {
        Learner learner = Learner.arrive(base);
        HttpClient http = HttpClient.newHttpClient();
        try (LogCapture log = LogCapture.start()) {
            Map<String, Integer> statuses = new LinkedHashMap<>();
            for (String path : PATHS) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base.resolve("/") + path.substring(1)))
                        .header("Cookie", learner.cookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
                statuses.put(path, answer.statusCode());
                assertThat(answer.body()).as("answer to " + path).doesNotContain("Exception").doesNotContain("\n" + FORGED);
            }
            assertThat(statuses).as("status per malformed path").allSatisfy((path, status) -> assertThat(status).isIn(400, 404));
            HttpResponse<String> check = http.send(HttpRequest.newBuilder(base.resolve("/api/lessons/first-steps/steps/%0a" + F + "%00/check"))
                    .header("Cookie", learner.cookie()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(check.statusCode()).as("a check of a malformed step").isIn(400, 404);

            List<LogCapture.Entry> written = log.entries();
            assertThat(written).as("errors logged for malformed paths")
                    .noneMatch(e -> e.level().intValue() >= Level.SEVERE.intValue());
            assertThat(written).as("log records carrying a request's newline, NUL or escape")
                    .noneMatch(e -> e.text().contains(FORGED) && e.text().matches("(?s).*[\\n\\r\\u0000\\u001b]" + ".*FORGED.*"));
        }
        // the server still answers normally afterwards
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/lessons/first-steps")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }
}
