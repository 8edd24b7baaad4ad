package dev.dockerlab.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(MissingImageTest.NoImage.class)
class MissingImageTest {

    public static class NoImage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.image", "dockerlab/no-such-image:latest",
                    "dockerlab.sandbox.instance", "noimage-${quarkus.uuid}");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void withoutTheSandboxImageTheServerIsNotReadyAndSaysWhatToRun() {
        given().get("/q/health/ready").then().statusCode(503)
                .body(containsString("dockerlab/no-such-image:latest is missing: run deploy/setup.sh"));
    }

    @Test
    void aLearnerIsToldTheServerIsNotSetUpInsteadOfHanging() {
        try (TerminalClient terminal = Learner.arrive(base).terminal(base)) {
            assertThat(terminal.awaitClose(Duration.ofSeconds(10))).isEqualTo(4005);
            assertThat(terminal.textMessages()).anyMatch(t -> t.contains("deploy/setup.sh"));
        }
    }
}
