package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A Killercoda scenario written for root, as a learner meets it through the real WebSocket
 * terminal: its terminal is root on the machine "ubuntu" in the learner's own engine, its set-up
 * scripts and assets run and land as root there, and its verify fails before the learner's work
 * and passes after. One learner for the class; each test goes on from the last.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RootScenarioTest {

    private static final String SLUG = "root-and-docker";
    /** The first terminal starts the learner's engine and pulls the machine's image. */
    private static final Duration FIRST = Duration.ofSeconds(180);
    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final String PROMPT = "ubuntu ~ # ";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    LessonCatalog catalog;

    private Learner learner;
    private TerminalClient terminal;

    private TerminalClient open() {
        TerminalClient t = TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(), "lesson=" + SLUG);
        t.await(PROMPT, FIRST);
        return t;
    }

    private RequestSpecification asLearner() {
        return given().cookie("dockerlab_learner", learner.cookieValue());
    }

    private boolean check() {
        return asLearner().post("/api/lessons/" + SLUG + "/steps/1/check").then().statusCode(200)
                .extract().jsonPath().getBoolean("passed");
    }

    @AfterAll
    void leave() {
        if (terminal != null) {
            terminal.close();
        }
        if (learner != null) {
            sandboxes.reset(learner.id());
        }
    }

    @Test
    @Order(1)
    void theScenarioGetsTheRootSandboxAndItsTerminalIsRootOnTheMachine() {
        assertThat(catalog.get(SLUG).sandbox()).as("its scripts write /root and /etc").contains(SandboxProfile.ROOT);
        learner = Learner.arrive(base);
        terminal = open();
        assertThat(terminal.run("id -u; hostname; pwd")).isEqualTo("0\nubuntu\n/root");
        var inspect = HostDocker.client().inspectContainerCmd(sandboxes.find(learner.id()).orElseThrow().containerId()).exec();
        assertThat(inspect.getConfig().getLabels()).containsEntry("dockerlab.profile", "root");
        assertThat(inspect.getConfig().getUser()).as("the sandbox itself still runs as the learner").isEqualTo("1000:1000");
        assertThat(inspect.getHostConfig().getPrivileged()).isFalse();
    }

    @Test
    @Order(2)
    void theSetUpRunsAsRootAndTheVerifyFailsBeforeTheWorkAndPassesAfter() {
        JsonPath intro = asLearner().post("/api/lessons/" + SLUG + "/scripts/intro").then().statusCode(200).extract().jsonPath();
        assertThat(intro.getList("ran", String.class)).containsExactly("intro");
        String foreground = intro.getList("foreground", String.class).get(0);
        // as the page does: the foreground script is typed into the terminal
        terminal.type(foreground.strip() + "\r");
        terminal.await("Setup done", SLOW);
        assertThat(terminal.run("cat /root/marker /etc/scenario/setup.conf"))
                .isEqualTo("prepared by the background script\nready=yes");
        assertThat(terminal.run("motd-tool")).as("an asset aimed at /usr/local/bin, placed with its chmod")
                .isEqualTo("placed by an asset as root");
        assertThat(terminal.run("cat /tmp/killercoda/" + SLUG + "/intro-background.log; echo log=$?")).isEqualTo("log=0");

        assertThat(check()).as("nothing done yet").isFalse();
        terminal.run("echo \"hello from root\" > /root/x");
        assertThat(check()).as("the note alone: no container yet").isFalse();
        assertThat(terminal.run("docker run -d --name web busybox sleep 3600 >/dev/null && docker ps --format '{{.Names}}' | grep -x web",
                SLOW)).isEqualTo("web");
        assertThat(check()).as("both done").isTrue();
    }

    @Test
    @Order(3)
    void aReconnectReturnsToTheSameMachine() {
        terminal.close();
        terminal = open();
        assertThat(terminal.run("cat /root/x; id -u")).isEqualTo("hello from root\n0");
    }

    @Test
    @Order(4)
    void aMachineTheLearnerRemovesComesBackFreshAndTheScenarioCanBeSetUpAgain() {
        terminal.type("docker rm -f ubuntu\r");
        terminal.await("bringing it back", SLOW);
        terminal.clearOutput();
        terminal.await(PROMPT, SLOW);
        assertThat(terminal.run("test -e /root/x && echo kept || echo fresh; docker ps --format '{{.Names}}' | grep -x web"))
                .as("a new machine; the learner's other containers stay").isEqualTo("fresh\nweb");
        assertThat(check()).isFalse();
        asLearner().post("/api/lessons/" + SLUG + "/scripts/intro").then().statusCode(200)
                .body("ran", equalTo(java.util.List.of("intro")));
        terminal.run("until [ -f /etc/scenario/setup.conf ]; do sleep 0.2; done; echo \"hello from root\" > /root/x", SLOW);
        assertThat(check()).as("set up again in the new machine").isTrue();
    }
}
