package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A returning learner's lesson page starts the attach its terminal will take, and an attach no
 * terminal takes is hung up: the sandbox is left with exactly the attaches of its open tabs.
 */
@QuarkusTest
class PreparedAttachTest {

    private static final String PROMPT = "learner@sandbox";
    private static final String LESSON = "first-steps";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    TerminalService terminals;

    private final List<Learner> learners = new ArrayList<>();
    private final List<TerminalClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(TerminalClient::close);
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    /** A learner who has been here: a sandbox, its first tab closed again, nothing attached. */
    private Sandbox returningLearner(Learner learner) {
        TerminalClient first = open(learner);
        first.await(PROMPT);
        first.close();
        Sandbox sandbox = sandboxes.find(learner.id()).orElseThrow();
        awaitAttaches(sandbox, "0\n0", "the first tab closed: nothing attached");
        return sandbox;
    }

    private Learner newLearner() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        return learner;
    }

    private TerminalClient open(Learner learner) {
        TerminalClient client = learner.terminal(base, LESSON);
        clients.add(client);
        return client;
    }

    private void loadLessonPage(Learner learner) {
        RestAssured.given().header("Cookie", learner.cookie()).get(base.resolve("/lessons/" + LESSON))
                .then().statusCode(200);
    }

    private static void awaitAttaches(Sandbox sandbox, String expected, String why) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                InContainer.attachedClients(HostDocker.client(), sandbox.containerId())).as(why).isEqualTo(expected));
    }

    @Test
    void aReturningLearnersLessonPagePreparesTheAttachItsTerminalThenTakes() {
        Learner learner = newLearner();
        Sandbox sandbox = returningLearner(learner);

        loadLessonPage(learner);
        awaitAttaches(sandbox, "1\n1", "the page's request started one attach, before any terminal");

        TerminalClient tab = open(learner);
        tab.await(PROMPT);
        assertThat(tab.run("echo prepared-$((20+22))")).isEqualTo("prepared-42");
        assertThat(terminals.preparedForReturning()).as("the terminal took the prepared attach").isZero();
        awaitAttaches(sandbox, "1\n1", "the open tab's attach, no second one");
    }

    @Test
    void anAttachPreparedForATerminalThatNeverOpensIsHungUp() {
        Learner learner = newLearner();
        Sandbox sandbox = returningLearner(learner);

        loadLessonPage(learner);
        awaitAttaches(sandbox, "1\n1", "the page's request started one attach");
        assertThat(terminals.preparedForReturning()).isEqualTo(1);

        // the learner never connects: after dockerlab.terminal.prepared-attach-keep (10 s) it is hung up
        awaitAttaches(sandbox, "0\n0", "the attach nobody took was hung up in the sandbox");
        assertThat(terminals.preparedForReturning()).isZero();
        // and the learner's next terminal still works, with an attach of its own
        TerminalClient later = open(learner);
        later.await(PROMPT);
        awaitAttaches(sandbox, "1\n1", "only the open tab's attach");
    }

    @Test
    void aNewLearnersLessonPagePreparesNothingAndMakesNoSandbox() {
        Learner learner = newLearner();
        loadLessonPage(learner);
        assertThat(terminals.preparedForReturning()).isZero();
        assertThat(sandboxes.find(learner.id())).as("a page alone makes no sandbox").isEmpty();
    }

    @Test
    void reloadsInARowPrepareOneAttachAtATime() {
        Learner learner = newLearner();
        Sandbox sandbox = returningLearner(learner);
        for (int i = 0; i < 3; i++) {
            loadLessonPage(learner);
        }
        awaitAttaches(sandbox, "1\n1", "one prepared attach for the sandbox, however many page loads");
        assertThat(terminals.preparedForReturning()).isEqualTo(1);
    }
}
