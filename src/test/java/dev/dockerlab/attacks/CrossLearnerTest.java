package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** One learner trying to reach another's sandbox or output. */
@QuarkusTest
class CrossLearnerTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private final List<LearnerId> learners = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        learners.forEach(sandboxes::reset);
    }

    private Learner arrive() {
        Learner learner = Learner.arrive(base);
        learners.add(learner.id());
        return learner;
    }

    @Test
    void aGuessedOrExpiredCookieNeverReachesSomeoneElsesSandbox() {
        Learner victim = arrive();
        try (TerminalClient terminal = victim.terminal(base)) {
            terminal.await("learner@sandbox");
            terminal.run("echo victim-data > ~/secret");
        }
        Sandbox victims = sandboxes.find(victim.id()).orElseThrow();

        // a well-formed id the server never signed: no learner at all, so no sandbox
        LearnerId guessed = LearnerId.generate();
        assertThat(TerminalClient.refusedStatus(base, "dockerlab_learner=" + guessed.value(), "http://" + base.getAuthority()))
                .isEqualTo(403);
        assertThat(sandboxes.find(guessed)).isEmpty();
        // a new learner the server did issue: a fresh, empty sandbox of its own
        Learner stranger = arrive();
        try (TerminalClient terminal = stranger.terminal(base)) {
            terminal.await("learner@sandbox");
            assertThat(terminal.run("ls ~ | wc -l")).isEqualTo("0");
        }
        assertThat(sandboxes.find(stranger.id()).orElseThrow().containerId()).isNotEqualTo(victims.containerId());

        // the victim's hash or container name in place of the cookie: no learner at all
        assertThat(TerminalClient.refusedStatus(base, "dockerlab_learner=" + victim.id().hash(), "http://" + base.getAuthority()))
                .isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, "dockerlab_learner=" + victims.name(), "http://" + base.getAuthority()))
                .isEqualTo(403);
        // ids in the query or headers are ignored: the cookie alone says who you are
        given().cookie("dockerlab_learner", guessed.value()).queryParam("learner", victim.id().hash())
                .header("X-Learner", victim.id().hash()).post("/api/sandbox/reset").then().statusCode(403);
        given().cookie("dockerlab_learner", stranger.cookieValue()).queryParam("learner", victim.id().hash())
                .header("X-Learner", victim.id().hash()).post("/api/sandbox/reset").then().statusCode(200);
        assertThat(sandboxes.find(victim.id()).orElseThrow().containerId()).as("the victim's sandbox is untouched")
                .isEqualTo(victims.containerId());

        // an expired learner (sandbox reaped) comes back to a new sandbox, never to another's
        sandboxes.reset(victim.id());
        try (TerminalClient terminal = victim.terminal(base)) {
            terminal.await("learner@sandbox");
            assertThat(terminal.run("ls ~ | wc -l")).isEqualTo("0");
        }
    }

    @Test
    void noByteOfOneLearnersOutputReachesAnother() throws Exception {
        int count = 5;
        List<Learner> crowd = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            crowd.add(arrive());
        }
        List<TerminalClient> terminals = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TerminalClient t = crowd.get(i).terminal(base);
                terminals.add(t);
                String mark = "mark" + i + "x";
                work.add(pool.submit(() -> {
                    t.await("learner@sandbox");
                    t.run("for n in $(seq 1 15); do echo " + mark + "$n; done");
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        for (int i = 0; i < count; i++) {
            String seen = terminals.get(i).stripped();
            for (int j = 0; j < count; j++) {
                if (i != j) {
                    assertThat(seen).as("learner %d's terminal shows learner %d's output", i, j).doesNotContain("mark" + j + "x");
                }
            }
            assertThat(seen).contains("mark" + i + "x15");
            terminals.get(i).close();
        }
    }
}
