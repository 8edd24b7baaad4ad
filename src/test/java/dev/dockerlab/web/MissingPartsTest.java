package dev.dockerlab.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.OwnParts;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Each part a Docker-enabled learner needs, taken away (this run's own copies, never the shared
 * ones): readiness says which is missing and what to do, and the learner reads dockerlab's
 * word for it, not an error from far away.
 */
@QuarkusTest
@TestProfile(OwnParts.class)
class MissingPartsTest {

    private static final Duration SLOW = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URI base;

    @AfterAll
    static void removeOwnParts() {
        OwnParts.removeAll();
    }

    @Test
    void withTheLessonImageRegistryGoneReadinessNamesItAndALearnersPullSaysDockerlabsRegistryIsDown() {
        awaitReady();
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base)) {
            terminal.await("learner@sandbox", SLOW);
            OwnParts.removeRegistry();
            try {
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'lesson-image-registry' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'lesson-image-registry' }.data.problem",
                                allOf(containsString(OwnParts.registryUrl()), containsString("does not answer")));
                String pulled = terminal.run("docker pull hello-world", SLOW);
                assertThat(pulled).as("what the learner reads after docker pull")
                        .contains("dockerlab's lesson-image registry is down")
                        .contains("Tell your instructor");
            } finally {
                OwnParts.startRegistry();
            }
        }
        awaitReady();
    }

    @Test
    void withTheDockerEnabledImageGoneReadinessNamesItAndANewLearnerIsToldToRunSetup() {
        awaitReady();
        String id = OwnParts.untag(OwnParts.DOCKER_IMAGE);
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'docker-engine' }.data.problem",
                            equalTo("sandbox image " + OwnParts.DOCKER_IMAGE + " is missing: run deploy/setup.sh"));
            try (TerminalClient terminal = Learner.arrive(base).terminal(base)) {
                assertThat(terminal.awaitClose(SLOW)).as("the terminal's close code").isEqualTo(4005);
                assertThat(terminal.textMessages()).as("what the learner reads")
                        .anyMatch(t -> t.contains(OwnParts.DOCKER_IMAGE) && t.contains("deploy/setup.sh"));
            }
        } finally {
            OwnParts.tag(id, OwnParts.DOCKER_IMAGE);
        }
        awaitReady();
    }

    @Test
    void withThePlainImageGoneTooEvenWhenDockerIsTheDefaultTheServerIsNotReady() {
        awaitReady();
        String id = OwnParts.untag(OwnParts.PLAIN_IMAGE);
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'docker-engine' }.data.problem",
                            equalTo("sandbox image " + OwnParts.PLAIN_IMAGE + " is missing: run deploy/setup.sh"));
        } finally {
            OwnParts.tag(id, OwnParts.PLAIN_IMAGE);
        }
        awaitReady();
    }

    private static void awaitReady() {
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
