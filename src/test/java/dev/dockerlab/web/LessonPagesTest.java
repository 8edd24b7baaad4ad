package dev.dockerlab.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The lesson engine's pages: steps with their buttons, languages, progress and lesson files. */
@QuarkusTest
class LessonPagesTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aLessonPageShowsTheStepNavigatorAndEachStepsCheckAndSolution() {
        given().get("/lessons/first-steps").then().statusCode(200)
                .body(containsString("id=\"step-nav\""),
                        containsString("<a href=\"#step-4\" data-step=\"4\""),
                        containsString("<section class=\"step\" id=\"step-1\" data-step=\"1\" data-check=\"\">"),
                        containsString("<button type=\"button\" class=\"step-check\">Check</button>"),
                        containsString("<button type=\"button\" class=\"step-run-solution\">Run solution</button>"),
                        containsString("<pre class=\"step-solution\" id=\"solution-1\" hidden><code>hostname &gt; ~/hostname.txt</code></pre>"),
                        containsString("<span class=\"hint-text\"><p>Run <code>hostname &gt; ~/hostname.txt</code>"),
                        containsString("/assets/steps.js"));
    }

    @Test
    void acceptLanguagePicksKoreanForTheCatalogAndTheLesson() {
        given().header("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5").get("/").then().statusCode(200)
                .body(containsString("<html lang=\"ko\">"), containsString("직접 해 보며 배우는 컨테이너"),
                        containsString("첫 번째 컨테이너"), containsString("7단계"));
        given().header("Accept-Language", "ko").get("/lessons/first-steps").then().statusCode(200)
                .body(containsString("<h1>첫 번째 컨테이너</h1>"), containsString("1단계"),
                        containsString("class=\"step-check\">확인</button>"),
                        containsString("<span class=\"hint-text\"><p><code>hostname &gt; ~/hostname.txt</code>를 실행하세요."),
                        containsString("<blockquote class=\"tip\">"));
    }

    @Test
    void theLessonApiKeepsItsShapeAndAnswersInTheAskedLanguage() {
        given().get("/api/lessons?lang=ko").then().statusCode(200)
                .body("find { it.slug == 'first-steps' }.title", equalTo("첫 번째 컨테이너"))
                .body("find { it.slug == 'first-steps' }.languages", equalTo(java.util.List.of("en", "ko")))
                .body("find { it.slug == 'where-can-i-write' }.languages", equalTo(java.util.List.of("en")))
                .body("find { it.slug == 'where-can-i-write' }.steps", equalTo(2));
    }

    @Test
    void theSwitchRemembersTheLanguageInACookieThatBeatsAcceptLanguage() {
        String cookie = given().get("/?lang=ko").then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.notNullValue())
                .extract().cookie("dockerlab_lang");
        org.assertj.core.api.Assertions.assertThat(cookie).isEqualTo("ko");
        given().cookie("dockerlab_lang", "ko").header("Accept-Language", "en").get("/lessons/processes-and-isolation")
                .then().statusCode(200).body(containsString("<h1>벽 안쪽</h1>"));
        given().cookie("dockerlab_lang", "ko").get("/lessons/processes-and-isolation?lang=en")
                .then().statusCode(200).body(containsString("<h1>Inside the walls</h1>"));
    }

    @Test
    void aLessonNotTranslatedIsShownInEnglishWithANoteInTheLearnersLanguage() {
        given().get("/lessons/where-can-i-write?lang=ko").then().statusCode(200)
                .body(containsString("아직 한국어로 번역되지 않아"), containsString("<h1>Where can a container write?</h1>"),
                        containsString("1단계"), containsString("&quot;ubuntu&quot; machine"));
        given().get("/lessons/where-can-i-write").then().statusCode(200)
                .body(not(containsString("translation-note")));
    }

    @Test
    void imagesBesideTheLessonAreServedAndNothingElseIs() {
        given().get("/lessons/processes-and-isolation").then().statusCode(200)
                .body(containsString("src=\"/lessons/processes-and-isolation/images/walls.svg\""));
        given().get("/lessons/processes-and-isolation/images/walls.svg").then().statusCode(200)
                .contentType(startsWith("image/svg+xml")).header("Content-Security-Policy", containsString("sandbox"));
        given().get("/lessons/processes-and-isolation/lesson.md").then().statusCode(404);
        given().get("/lessons/where-can-i-write/step1/verify.sh").then().statusCode(404);
        given().get("/lessons/processes-and-isolation/../01-first-steps/lesson.md").then().statusCode(404);
        given().get("/lessons/processes-and-isolation/%2e%2e/%2e%2e/pom.xml").then().statusCode(404);
    }

    @Test
    void theCatalogShowsProgressAndWhereToContinueAfterAStepIsDone() {
        Learner learner = Learner.arrive(base);
        Sandbox sandbox = sandboxes.acquire(learner.id());
        try {
            InContainer.asLearner(HostDocker.client(), sandbox.containerId(), "hostname > ~/hostname.txt");
            given().cookie("dockerlab_learner", learner.cookieValue()).post("/api/lessons/first-steps/steps/1/check")
                    .then().statusCode(200).body("passed", equalTo(true));
            given().cookie("dockerlab_learner", learner.cookieValue()).get("/").then().statusCode(200)
                    .body(containsString("<a href=\"/lessons/first-steps#step-2\">Your first container, step 2</a>"),
                            containsString("1 of 7 done"));
            given().cookie("dockerlab_learner", learner.cookieValue()).get("/lessons/first-steps").then().statusCode(200)
                    .body(allOf(containsString("<section class=\"step is-done\" id=\"step-1\""),
                            containsString("<span id=\"done-count\">1</span>/7")));
            given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/progress").then().statusCode(200)
                    .body("lessons[0].slug", equalTo("first-steps"))
                    .body("lessons[0].finished", equalTo(java.util.List.of(1)))
                    .body("lessons[0].complete", equalTo(false))
                    .body("resume.url", equalTo("/lessons/first-steps#step-2"));
        } finally {
            sandboxes.reset(learner.id());
        }
    }

    @Test
    void progressNeedsTheLearnerCookieAndIsEmptyForANewLearner() {
        given().get("/api/progress").then().statusCode(403);
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/progress").then().statusCode(200)
                .body("lessons.size()", equalTo(0)).body("resume", equalTo(null));
    }
}
