package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Finding 12 of the outside test: a reset flood. Each {@code POST /api/sandbox/reset} with an
 * unknown cookie listed every container and left a lock entry behind for ever; 711 a second
 * slowed a new learner's terminal eightfold.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
@Tag(Exclusive.TAG)
class ResetFloodTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aThousandResetsWithCookiesTheServerNeverIssuedAreRefusedAndLeaveNoLock() throws Exception {
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            forged.add(LearnerId.generate().value());
        }
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String value : forged) {
                answers.add(pool.submit(() -> given().cookie(Learner.COOKIE, value).header("Origin", origin())
                        .post("/api/sandbox/reset").statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(403);
            }
        }
        assertThat(sandboxes.lockedLearners()).as("lock entries left behind").isZero();
        // from the host: none of them has a container
        for (String value : forged.subList(0, 20)) {
            assertThat(containersOf(new LearnerId(value).hash())).isZero();
        }
    }

    @Test
    void resetsOfLearnersWithoutASandboxTakeNoLockAndLocksAreGoneOnceUnused() throws Exception {
        for (int i = 0; i < 50; i++) {
            Learner learner = Learner.arrive(base);
            given().cookie(Learner.COOKIE, learner.cookieValue()).header("Origin", origin())
                    .post("/api/sandbox/reset").then().statusCode(200);
        }
        assertThat(sandboxes.lockedLearners()).as("locks of learners without a sandbox").isZero();

        // learners with sandboxes, resetting while their terminals open: every lock is let go and removed after
        List<Learner> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(Learner.arrive(base));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < busy.size(); i++) {
                Learner learner = busy.get(i);
                Map<String, String> address = LimitsProfile.from("10.12.0." + (i + 1));
                work.add(pool.submit(() -> {
                    try (TerminalClient terminal = TerminalClient.open(base, learner.cookie(), origin(), "", address)) {
                        terminal.awaitText("\"ready\"", Duration.ofSeconds(60));
                    }
                    given().cookie(Learner.COOKIE, learner.cookieValue()).header("Origin", origin())
                            .post("/api/sandbox/reset").then().statusCode(200);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(sandboxes.lockedLearners()).as("locks held or left").isZero());
        for (Learner learner : busy) {
            assertThat(containersOf(learner.id().hash())).as("from the host: the reset sandbox is gone").isZero();
        }
    }

    @Test
    void aLearnersResetsAreLimitedPerMinute() {
        Learner learner = Learner.arrive(base);
        for (int i = 0; i < LimitsProfile.RESETS_PER_MINUTE; i++) {
            given().cookie(Learner.COOKIE, learner.cookieValue()).header("Origin", origin())
                    .post("/api/sandbox/reset").then().statusCode(200);
        }
        String retryAfter = null;
        for (int i = 0; i < 3 * LimitsProfile.RESETS_PER_MINUTE && retryAfter == null; i++) {
            var answer = given().cookie(Learner.COOKIE, learner.cookieValue()).header("Origin", origin())
                    .post("/api/sandbox/reset").then().extract();
            assertThat(answer.statusCode()).isIn(200, 429);
            retryAfter = answer.statusCode() == 429 ? answer.header("Retry-After") : null;
        }
        assertThat(retryAfter).as("Retry-After of a refused reset").isNotNull().matches("[1-9][0-9]*");
        // another learner is not held back by this one
        Learner other = Learner.arrive(base);
        given().cookie(Learner.COOKIE, other.cookieValue()).header("Origin", origin())
                .post("/api/sandbox/reset").then().statusCode(200);
        assertThat(sandboxes.lockedLearners()).isZero();
        assertThat(containersOf(learner.id().hash())).as("from the host: nothing was made for it").isZero();
    }

    private String origin() {
        return "http://" + base.getAuthority();
    }

    private int containersOf(String learnerHash) {
        return HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.learner", learnerHash)).exec().size();
    }
}
