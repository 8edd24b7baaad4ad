package dev.dockerlab.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PagesTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void theCatalogListsTheLessonsAndGivesTheBrowserAnHttpOnlyLearnerCookie() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Set-Cookie", allOf(
                        matchesPattern("dockerlab_learner=[A-Za-z0-9_-]{43};.*"),
                        containsString("HTTPOnly"), containsString("SameSite=Lax"), containsString("Path=/")))
                .body(containsString("Your first container"), containsString("href=\"/lessons/first-steps\""));
    }

    @Test
    void aBrowserThatHasACookieKeepsIt() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/").then().statusCode(200)
                .header("Set-Cookie", equalTo(null));
    }

    @Test
    void aLessonPageHasTheLessonTheTerminalAndItsScripts() {
        given().get("/lessons/first-steps").then().statusCode(200)
                .body(containsString("<h1>Your first container</h1>"),
                        containsString("id=\"terminal\""),
                        containsString("id=\"divider\""),
                        containsString("id=\"status\""),
                        containsString("id=\"reset-dialog\""),
                        containsString("/webjars/xterm/lib/xterm.js"),
                        containsString("/webjars/xterm-addon-fit/lib/xterm-addon-fit.js"),
                        containsString("/assets/lesson.js"),
                        containsString("<pre data-run=\"\"><code class=\"language-bash\">whoami; hostname"),
                        containsString("<blockquote class=\"tip\">"),
                        containsString("<table>"));
    }

    @Test
    void anUnknownLessonIsA404PageThatPointsBackToTheCatalog() {
        given().accept("text/html").get("/lessons/no-such-lesson").then().statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("There is no lesson called &#39;no-such-lesson&#39;"), containsString("href=\"/\""));
    }

    @Test
    void theLessonApiListsSlugsTitlesStepsAndLanguages() {
        given().get("/api/lessons").then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("slug", hasItem("first-steps"))
                .body("find { it.slug == 'first-steps' }.title", equalTo("Your first container"))
                .body("find { it.slug == 'first-steps' }.steps", equalTo(4))
                .body("find { it.slug == 'first-steps' }.languages", hasItem("en"))
                .body("find { it.slug == 'first-steps' }.summary", notNullValue());
    }

    @Test
    void theFrontEndAndXtermAreServed() {
        given().get("/assets/lesson.js").then().statusCode(200).body(containsString("/terminal"), not(containsString("{#")));
        given().get("/assets/terminal-client.js").then().statusCode(200);
        given().get("/assets/app.css").then().statusCode(200);
        given().get("/webjars/xterm/lib/xterm.js").then().statusCode(200);
        given().get("/webjars/xterm/css/xterm.css").then().statusCode(200);
        given().get("/webjars/xterm-addon-fit/lib/xterm-addon-fit.js").then().statusCode(200);
    }

    @Test
    void readinessSaysUpWhenTheEngineAnswersAndTheImageExists() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'docker-engine' }.data.image", equalTo("dockerlab/sandbox:latest"));
    }

    @Test
    void sandboxApiAnswers404BeforeTheFirstTerminalAnd403WithoutACookie() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox").then().statusCode(404)
                .body("message", containsString("no sandbox yet"));
        given().get("/api/sandbox").then().statusCode(403).body("message", containsString("learner cookie"));
        given().post("/api/sandbox/reset").then().statusCode(403);
    }

    @Test
    void resetFromAnotherSiteIsRefused() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).header("Origin", "http://evil.example")
                .post("/api/sandbox/reset").then().statusCode(403).body("message", containsString("own pages"));
    }

    @Test
    void sandboxStatusTellsWhenItWasMadeAndWhenItEnds() {
        Learner learner = Learner.arrive(base);
        sandboxes.acquire(learner.id());
        try {
            given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox").then().statusCode(200)
                    .body("createdAt", notNullValue()).body("expiresAt", notNullValue())
                    .body("idleTimeoutSeconds", equalTo(1800));
        } finally {
            sandboxes.reset(learner.id());
        }
    }
}
