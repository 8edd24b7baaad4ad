package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A Killercoda scenario's set-up, assets and checks in a real sandbox, and its page as the server renders it. */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class ScenarioScriptsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    LessonCatalog catalog;

    @Inject
    CheckRunner checks;

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

    private JsonPath reach(String stage) {
        return asLearner().post("/api/lessons/processes/scripts/" + stage).then().statusCode(200).extract().jsonPath();
    }

    private InContainer.Result inSandbox(Sandbox sandbox, String script) {
        return InContainer.asLearner(HostDocker.client(), sandbox.containerId(), script);
    }

    private void awaitFile(Sandbox sandbox, String path) {
        Awaitility.await("a set-up script to make " + path).atMost(WAIT)
                .until(() -> inSandbox(sandbox, "test -e " + path).exitCode() == 0);
    }

    @Test
    void theIntroPlacesTheAssetsRunsItsBackgroundOnceWithItsLogAndHandsBackItsForeground() {
        Sandbox sandbox = sandboxes.acquire(learner.id());
        JsonPath first = reach("intro");
        assertThat(first.getList("ran", String.class)).containsExactly("intro");
        assertThat(first.getList("foreground", String.class)).singleElement().asString().contains("READY-FROM-FOREGROUND");
        awaitFile(sandbox, "/tmp/intro-ready");

        assertThat(inSandbox(sandbox, "cat /tmp/killercoda/processes/intro-background.log").output())
                .as("the background script's output is in its log").contains("started the sleeper");
        assertThat(inSandbox(sandbox, "stat -c %a ~/greet.sh").output()).as("chmod +x on an asset aimed at ~/").isEqualTo("755");
        assertThat(inSandbox(sandbox, "~/greet.sh").output()).isEqualTo("hello from an asset");
        assertThat(inSandbox(sandbox, "cat ~/docs/notes.txt").output()).as("an asset aimed at /root/docs lands in ~/docs")
                .isEqualTo("notes placed under /root/docs");
        assertThat(inSandbox(sandbox, "test -e /usr/local/bin/admin-tool.sh").exitCode())
                .as("an asset aimed where only root may write is not placed").isNotZero();

        JsonPath again = reach("intro");
        assertThat(again.getList("foreground", String.class)).as("a stage runs once per sandbox").isEmpty();
        assertThat(inSandbox(sandbox, "wc -l < /tmp/intro-background-count").output()).isEqualTo("1");
    }

    @Test
    void aVerifyUsingPgrepFindsWhatTheLearnerStartedNeverItself() {
        Sandbox sandbox = sandboxes.acquire(learner.id());
        assertThat(checks.run(sandbox, "pgrep -f 'no-such-process-runs-here'", Duration.ofSeconds(10)).passed())
                .as("a positive pgrep -f finds no process of that name, not the check's own command line").isFalse();

        reach("intro");
        awaitFile(sandbox, "/tmp/intro-ready");
        asLearner().post("/api/lessons/processes/steps/1/check").then().statusCode(200).body("passed", equalTo(false));
        inSandbox(sandbox, "pkill -f 'sleep 3600'");
        asLearner().post("/api/lessons/processes/steps/1/check").then().statusCode(200).body("passed", equalTo(true));
    }

    @Test
    void reachingAStepRunsEveryStageBeforeItInOrderAsKillercodaCannotSkipOne() {
        Sandbox sandbox = sandboxes.acquire(learner.id());
        JsonPath answer = reach("2");
        assertThat(answer.getList("ran", String.class)).containsExactly("intro", "1", "2");
        assertThat(answer.getList("foreground", String.class)).hasSize(1);
        awaitFile(sandbox, "/tmp/step2-background");
        awaitFile(sandbox, "/tmp/intro-ready");
        assertThat(reach("finish").getList("foreground", String.class)).containsExactly("echo \"finish-foreground-ran\"\n");
    }

    @Test
    void aStageThatIsNoneIsNotFoundAndWithoutASandboxNothingRuns() {
        asLearner().post("/api/lessons/processes/scripts/intro").then().statusCode(409);
        sandboxes.acquire(learner.id());
        asLearner().post("/api/lessons/processes/scripts/7").then().statusCode(404);
        asLearner().post("/api/lessons/processes/scripts/..%2F..").then().statusCode(404);
    }

    @Test
    void aScenarioThatUsesDockerGetsTheDockerSandboxAndOneThatDoesNotTheDefault() {
        assertThat(catalog.get("docker-web").sandbox()).contains(SandboxProfile.DOCKER);
        assertThat(catalog.get("processes").sandbox()).as("its dockerlab.yml keeps it out of the machine").contains(SandboxProfile.PLAIN);
    }

    @Test
    void thePageRendersTheScenariosHtmlSafelyWithItsTitlesAndKillercodasCodeActions() {
        String page = given().get("/lessons/processes").then().statusCode(200)
                .body(containsString("data-scripts=\"intro 2 finish\""))
                .body(containsString("<h2 class=\"page-title\">Welcome to the process hunt</h2>"))
                .body(containsString("<h2 class=\"page-title\">All caught</h2>"))
                .body(containsString("preparing your machine.<br>Wait"))
                .body(containsString("<details>"), containsString("<summary>How does the set-up work?</summary>"))
                .body(containsString("<b>stop</b>"), containsString("<i>name</i>"))
                .body(containsString("&lt;script&gt;alert('lesson')&lt;/script&gt;"))
                .body(not(containsString("javascript:")), not(containsString("onclick")), not(containsString("onerror")))
                .body(containsString("<code class=\"inline-copy\" data-copy=\"\" tabindex=\"0\">ps aux</code>"))
                .body(containsString("<code>not-for-copying</code>"), not(containsString("{{}}")))
                .body(containsString("<span class=\"step-number\">Step 2</span></h2>"))
                .body(containsString("<code>sleep 3000</code>\n<code data-interrupt=\"\">touch /tmp/stopped-it</code>"))
                .extract().asString();
        assertThat(page).as("the lesson's own scripts never reach the page as code to run").doesNotContain("<script>alert");
        assertThat(given().get("/api/lessons/processes").then().statusCode(200).extract().jsonPath()
                .getList("steps.title", String.class)).containsExactly("Find the sleeper", "Step 2", "Stop what never ends");
        given().get("/lessons/processes").then().body(containsString("written for Killercoda"), containsString("set-up scripts"),
                containsString("only root may write"));
        assertThat(List.of(page.split("data-scripts")).size()).isEqualTo(2);
    }
}
