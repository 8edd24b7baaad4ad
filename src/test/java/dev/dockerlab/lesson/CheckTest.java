package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/** The check API against the real engine, on fixture lessons whose checks show how checks run. */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class CheckTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;

    @BeforeEach
    void arrive() {
        learner = Learner.arrive(base);
    }

    @AfterEach
    void leave() {
        sandboxes.reset(learner.id());
    }

    private RequestSpecification asLearner() {
        return given().cookie("dockerlab_learner", learner.cookieValue());
    }

    private Sandbox sandbox() {
        return sandboxes.acquire(learner.id());
    }

    @Test
    void anUnknownLessonIs404WithAMessage() {
        asLearner().post("/api/lessons/no-such-lesson/steps/1/check").then().statusCode(404)
                .body("message", containsString("There is no lesson called 'no-such-lesson'"));
    }

    @Test
    void anUnknownOrMalformedStepIs404SayingWhichStepsExist() {
        asLearner().post("/api/lessons/checks/steps/99/check").then().statusCode(404)
                .body("message", equalTo("The lesson 'checks' has no step 99: its steps are numbered 1 to 5."));
        asLearner().post("/api/lessons/checks/steps/0/check").then().statusCode(404);
        asLearner().post("/api/lessons/checks/steps/two/check").then().statusCode(404)
                .body("message", containsString("has no step two"));
    }

    @Test
    void aCheckWithoutALearnerCookieIsRefused() {
        given().post("/api/lessons/checks/steps/2/check").then().statusCode(403);
    }

    @Test
    void aCheckFromAnotherSiteIsRefused() {
        sandbox();
        asLearner().header("Origin", "http://evil.example").post("/api/lessons/checks/steps/2/check").then()
                .statusCode(403).body("message", containsString("own pages"));
    }

    @Test
    void aCheckBeforeTheLearnerHasASandboxIs409AndCreatesNone() {
        asLearner().post("/api/lessons/checks/steps/2/check").then().statusCode(409)
                .body("message", containsString("open the lesson's terminal"));
        assertThat(sandboxes.find(learner.id())).as("a check must not start a sandbox").isEmpty();
    }

    @Test
    void aStepWithoutACheckIsMarkedDoneWithoutASandbox() {
        asLearner().post("/api/lessons/checks/steps/1/check").then().statusCode(200)
                .body("passed", equalTo(true)).body("message", containsString("nothing to check"));
        asLearner().get("/api/progress").then().statusCode(200)
                .body("lessons.find { it.slug == 'checks' }.finished", hasItem(1));
    }

    @Test
    void aCheckRunsAsTheLearnerInTheHomeFolderWithoutATerminal() {
        sandbox();
        asLearner().post("/api/lessons/checks/steps/2/check").then().statusCode(200)
                .body("passed", equalTo(true)).body("hint", equalTo(""));
    }

    @Test
    void aFailingCheckAnswersItsOutputAndTheHintAndAPassingOneRecordsProgress() {
        Sandbox sandbox = sandbox();
        asLearner().post("/api/lessons/checks/steps/4/check").then().statusCode(200)
                .body("passed", equalTo(false))
                .body("message", equalTo("marker.txt is missing"))
                .body("hint", equalTo("Make marker.txt in your home folder."));
        asLearner().get("/api/progress").then().statusCode(200).body("lessons", org.hamcrest.Matchers.empty());

        assertThat(InContainer.asLearner(HostDocker.client(), sandbox.containerId(), "touch ~/marker.txt").exitCode()).isZero();
        asLearner().post("/api/lessons/checks/steps/4/check").then().statusCode(200)
                .body("passed", equalTo(true)).body("message", equalTo("marker.txt found"));
        asLearner().post("/api/lessons/checks/steps/4/check").then().statusCode(200).body("passed", equalTo(true));

        asLearner().get("/api/progress").then().statusCode(200)
                .body("lessons.find { it.slug == 'checks' }.finished", equalTo(java.util.List.of(4)))
                .body("lessons.find { it.slug == 'checks' }.steps", equalTo(5))
                .body("resume.slug", equalTo("checks"))
                .body("resume.step", equalTo(1));
    }

    @Test
    void theHintAndTheMessagesFollowTheLearnersLanguage() {
        sandbox();
        asLearner().queryParam("lang", "ko").post("/api/lessons/checks/steps/4/check").then().statusCode(200)
                .body("passed", equalTo(false)).body("hint", equalTo("홈 폴더에 marker.txt를 만드세요."));
        asLearner().header("Accept-Language", "ko-KR,ko;q=0.9").post("/api/lessons/checks/steps/3/check").then()
                .statusCode(200).body("message", containsString("2초 안에 끝나지 않아"));
    }

    @Test
    void aCheckThatHangsIsKilledAtItsTimeoutAndFailsSayingSo() {
        Sandbox sandbox = sandbox();
        long started = System.nanoTime();
        asLearner().post("/api/lessons/checks/steps/3/check").then().statusCode(200)
                .body("passed", equalTo(false))
                .body("message", startsWith("The check did not finish within 2 s and was stopped"))
                .body("hint", equalTo("It never ends."));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).as("answered soon after the 2 s timeout").isBetween(1900L, 6000L);
        assertThat(InContainer.asLearner(HostDocker.client(), sandbox.containerId(), "pgrep -f 'sleep 30[01]' || true").output())
                .as("the hung check's processes were killed").isEmpty();
    }

    @Test
    void aCheckThatFloodsHasItsOutputCapped() {
        sandbox();
        asLearner().post("/api/lessons/checks/steps/5/check").then().statusCode(200)
                .body("passed", equalTo(false))
                .body("message.length()", lessThanOrEqualTo(CheckService.MESSAGE_LIMIT + 1))
                .body("message", startsWith("0123456789"));
    }

    @Test
    void aKillercodaScenarioIsServedWithItsCheckAndANoteAboutWhatCannotApply() {
        Sandbox sandbox = sandbox();
        given().get("/lessons/scenario").then().statusCode(200)
                .body(containsString("several machines"), containsString("set-up scripts"),
                        containsString("<code class=\"inline-run\" data-run=\"\" tabindex=\"0\">touch /tmp/scenario-file</code>"));
        asLearner().post("/api/lessons/scenario/steps/1/check").then().statusCode(200).body("passed", equalTo(false))
                .body("hint", equalTo("Read the step again, or show the solution."));
        InContainer.asLearner(HostDocker.client(), sandbox.containerId(), "touch /tmp/scenario-file");
        asLearner().post("/api/lessons/scenario/steps/1/check").then().statusCode(200).body("passed", equalTo(true));
    }

    @Test
    void theCatalogApiKeepsItsShape() {
        given().get("/api/lessons").then().statusCode(200)
                .body("slug", hasItems("checks", "scenario"))
                .body("find { it.slug == 'checks' }.languages", equalTo(java.util.List.of("en", "ko")))
                .body("find { it.slug == 'checks' }.steps", equalTo(5));
    }
}
