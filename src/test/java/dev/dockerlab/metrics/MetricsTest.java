package dev.dockerlab.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What an operator's Prometheus reads at /q/metrics after a learner worked: a terminal opened on
 * the real engine, a command typed, a check run, the sandbox reset. Other tests of this profile
 * share the server, so each figure is read before and after, and the difference is checked.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class MetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^(dockerlab_[a-z_]+(?:\\{[^}]*\\})?) ([0-9.eE+-]+|NaN)$",
            Pattern.MULTILINE);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aTerminalACheckAndAResetShowInTheServersFigures() {
        Map<String, Double> before = scrape();
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base)) {
            assertThat(terminal.run("echo metered")).isEqualTo("metered");
            given().cookie(Learner.COOKIE, learner.cookieValue()).post("/api/lessons/checks/steps/2/check")
                    .then().statusCode(200).body("passed", equalTo(true));
            given().cookie(Learner.COOKIE, learner.cookieValue()).post("/api/lessons/checks/steps/4/check")
                    .then().statusCode(200).body("passed", equalTo(false));

            Map<String, Double> during = scrape();
            assertThat(during.get("dockerlab_terminals_open")).as("open terminals").isGreaterThanOrEqualTo(1);
            assertThat(during.get("dockerlab_sandboxes{profile=\"plain\",state=\"live\"}")).as("live plain sandboxes")
                    .isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_sandboxes_started_total{profile=\"plain\",source=\"new\"}"))
                    .as("a sandbox made for the learner").isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_sandbox_start_seconds_count{source=\"new\"}"))
                    .as("its start timed").isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_terminal_open_to_prompt_seconds_count")).as("open-to-prompt timed")
                    .isGreaterThanOrEqualTo(1);
            assertThat(during.get("dockerlab_terminal_open_to_prompt_seconds_bucket{le=\"30.0\"}"))
                    .as("open-to-prompt is a histogram").isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_check_duration_seconds_count{result=\"passed\"}"))
                    .as("the passing check").isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_check_duration_seconds_count{result=\"failed\"}"))
                    .as("the failing check").isGreaterThanOrEqualTo(1);
            assertThat(grew(before, during, "dockerlab_terminal_relayed_bytes_total{direction=\"to_browser\"}"))
                    .as("output relayed to the browser").isGreaterThanOrEqualTo(terminal.receivedBytes());
            assertThat(grew(before, during, "dockerlab_terminal_relayed_bytes_total{direction=\"from_browser\"}"))
                    .as("keystrokes relayed from the browser").isGreaterThan(0);
            assertThat(during).as("engine errors, the pool and the capacity are there from the start")
                    .containsKeys("dockerlab_engine_errors_total{kind=\"unanswered\"}", "dockerlab_engine_errors_total{kind=\"failed\"}",
                            "dockerlab_pool_size", "dockerlab_pool_target", "dockerlab_sandboxes_max");
        }
        sandboxes.reset(learner.id());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(grew(before, scrape(), "dockerlab_sandboxes_removed_total{reason=\"reset\"}"))
                        .as("the reset counted by its reason").isGreaterThanOrEqualTo(1));
    }

    private static double grew(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("/q/metrics has %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** dockerlab's samples, by name and labels as Prometheus prints them. */
    private static Map<String, Double> scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }
}
