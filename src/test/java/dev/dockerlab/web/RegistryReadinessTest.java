package dev.dockerlab.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.support.HostDocker;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness tells the truth about the lesson-image registry, a part Docker-enabled learners need. */
@QuarkusTest
@Tag(Exclusive.TAG)
class RegistryReadinessTest {

    /** The container deploy/setup.sh runs for the lesson images. */
    private static final String REGISTRY = "dockerlab-registry";

    @Test
    void withTheLessonImageRegistryStoppedTheServerIsNotReadyAndSaysWhatToStart() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'lesson-image-registry' }.status", equalTo("UP"));
        HostDocker.client().stopContainerCmd(REGISTRY).exec();
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'lesson-image-registry' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'lesson-image-registry' }.data.problem", allOf(
                            containsString("lesson-image registry"), containsString("docker start " + REGISTRY)));
        } finally {
            HostDocker.client().startContainerCmd(REGISTRY).exec();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
