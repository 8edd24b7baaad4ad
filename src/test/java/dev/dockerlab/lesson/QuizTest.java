package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The lesson API and quiz answers over HTTP, on the fixture lessons (test-lessons/03-quiz and
 * course.yml): the right answer never leaves the server before the learner answers, a wrong answer
 * says why, a right one explains and counts as progress, and the course shows on the pages.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class QuizTest {

    /** Texts only the server may know before an answer: the explanation, a why, the general why. */
    private static final List<String> SECRETS = List.of("Right: every container", "A VM emulates hardware",
            "Pick every piece", "Linux containers only", "correct\"", "\"answer\"");

    @TestHTTPResource("/")
    URI base;

    private Learner learner;

    @BeforeEach
    void arrive() {
        learner = Learner.arrive(base);
    }

    private RequestSpecification asLearner() {
        return given().cookie("dockerlab_learner", learner.cookieValue());
    }

    private RequestSpecification answering(String choices) {
        return asLearner().contentType(ContentType.JSON).body("{\"choices\":" + choices + "}");
    }

    @Test
    void theCatalogApiGivesEachLessonsPlaceInTheCourse() {
        given().get("/api/lessons").then().statusCode(200)
                .body("find { it.slug == 'checks' }.course", equalTo(1))
                .body("find { it.slug == 'quiz' }.course", equalTo(2))
                .body("find { it.slug == 'quiz' }.languages", equalTo(List.of("en", "ko")))
                .body("find { it.slug == 'quiz' }.steps", equalTo(4))
                .body("find { it.slug == 'scenario' }", hasKey("course"))
                .body("find { it.slug == 'scenario' }.course", nullValue());
    }

    @Test
    void aLessonAsJsonListsItsStepsKindsAndQuizOptionsButNeverTheAnswer() {
        String body = given().get("/api/lessons/quiz").then().statusCode(200)
                .body("slug", equalTo("quiz")).body("title", equalTo("Quiz fixtures"))
                .body("steps.n", equalTo(List.of(1, 2, 3, 4)))
                .body("steps.kind", equalTo(List.of("quiz", "quiz", "quiz", "text")))
                .body("steps[0].title", equalTo("Which is true?"))
                .body("steps[0].options", equalTo(List.of("Each container boots its own kernel.",
                        "All containers on a host share the host's kernel.", "A container is a small virtual machine.")))
                .body("steps[2].options", equalTo(List.of("True", "False")))
                .body("steps[3]", not(hasKey("options")))
                .extract().asString();
        assertThat(body).as("the lesson as JSON").doesNotContain(SECRETS);
        given().get("/api/lessons/checks").then().statusCode(200).body("steps.kind", equalTo(List.of("text", "check", "check",
                "check", "check")));
        given().queryParam("lang", "ko").get("/api/lessons/quiz").then().statusCode(200)
                .body("title", equalTo("퀴즈 픽스처"))
                .body("steps[0].options[1]", equalTo("한 호스트의 컨테이너는 모두 호스트의 커널을 함께 쓴다."))
                .body("steps[2].options", equalTo(List.of("참", "거짓")));
        given().get("/api/lessons/no-such-lesson").then().statusCode(404).body("message", containsString("no-such-lesson"));
    }

    @Test
    void theLessonPageShowsTheOptionsButNotTheAnswer() {
        String page = given().get("/lessons/quiz").then().statusCode(200)
                .body(containsString("<section class=\"step\" id=\"step-1\" data-step=\"1\" data-quiz=\"single\">"),
                        containsString("<input type=\"radio\" name=\"quiz-1\" value=\"1\"> <span>All containers on a host share"),
                        containsString("<input type=\"checkbox\" name=\"quiz-2\" value=\"3\">"),
                        containsString("<input type=\"radio\" name=\"quiz-3\" value=\"0\"> <span>True</span>"),
                        containsString("<button type=\"submit\" class=\"quiz-submit\">Submit</button>"))
                .extract().asString();
        assertThat(page).as("the lesson page").doesNotContain(SECRETS).doesNotContain("checked");
        given().queryParam("lang", "ko").get("/lessons/quiz").then().statusCode(200)
                .body(containsString("<span>거짓</span>"), containsString(">제출</button>"),
                        containsString("컨테이너는 작은 가상 머신이다."));
    }

    @Test
    void aWrongAnswerSaysWhyAndARightOneExplainsAndCountsAsProgress() {
        answering("[0]").post("/api/lessons/quiz/steps/1/answer").then().statusCode(200)
                .body("correct", equalTo(false))
                .body("explanation", equalTo("No: containers start no kernel at all; they are processes on the host's kernel."));
        asLearner().get("/api/progress").then().statusCode(200).body("lessons", empty());

        answering("[1]").post("/api/lessons/quiz/steps/1/answer").then().statusCode(200)
                .body("correct", equalTo(true))
                .body("explanation", containsString("which is why uname -r prints the same release"))
                .body("explanationHtml", containsString("<code>uname -r</code>"));
        asLearner().get("/api/progress").then().statusCode(200)
                .body("lessons.find { it.slug == 'quiz' }.finished", equalTo(List.of(1)))
                .body("lessons.find { it.slug == 'quiz' }.steps", equalTo(4));
        asLearner().get("/").then().statusCode(200).body(containsString("1 of 4 done"));
        asLearner().get("/lessons/quiz").then().statusCode(200)
                .body(containsString("<section class=\"step is-done\" id=\"step-1\""), containsString("<span id=\"done-count\">1</span>/4"));
    }

    @Test
    void multipleChoiceNeedsEveryRightOptionAndTrueFalseCountsTrueAsZero() {
        answering("[1]").post("/api/lessons/quiz/steps/2/answer").then().statusCode(200)
                .body("correct", equalTo(false)).body("explanation", containsString("Pick every piece"));
        answering("[1,2,3]").post("/api/lessons/quiz/steps/2/answer").then().statusCode(200)
                .body("correct", equalTo(false)).body("explanation", containsString("A hypervisor runs virtual machines"));
        answering("[3,1]").post("/api/lessons/quiz/steps/2/answer").then().statusCode(200).body("correct", equalTo(true));
        answering("[0]").post("/api/lessons/quiz/steps/3/answer").then().statusCode(200)
                .body("correct", equalTo(false)).body("explanation", containsString("Linux containers only"));
        answering("[1]").post("/api/lessons/quiz/steps/3/answer").then().statusCode(200).body("correct", equalTo(true));
        asLearner().get("/api/progress").then().statusCode(200)
                .body("lessons.find { it.slug == 'quiz' }.finished", equalTo(List.of(2, 3)));
    }

    @Test
    void theExplanationFollowsThePagesLanguageWithTheDefaultSentenceWhenTheAuthorGaveNone() {
        answering("[2]").queryParam("lang", "ko").post("/api/lessons/quiz/steps/1/answer").then().statusCode(200)
                .body("correct", equalTo(false)).body("explanation", containsString("가상 머신은 하드웨어를 흉내 내고"));
        answering("[1]").header("Accept-Language", "ko").post("/api/lessons/quiz/steps/1/answer").then().statusCode(200)
                .body("correct", equalTo(true)).body("explanation", containsString("맞습니다."));
        answering("[0,2,3]").queryParam("lang", "ko").post("/api/lessons/quiz/steps/2/answer").then().statusCode(200)
                .body("explanation", containsString("하이퍼바이저는"));
    }

    @Test
    void aStepThatIsNotAQuizIs400AndAQuizCannotBePassedByTheCheckRoute() {
        answering("[0]").post("/api/lessons/quiz/steps/4/answer").then().statusCode(400)
                .body("message", containsString("is not a quiz"));
        asLearner().post("/api/lessons/quiz/steps/1/check").then().statusCode(400)
                .body("message", containsString("is a quiz"));
        asLearner().get("/api/progress").then().statusCode(200).body("lessons", empty());
    }

    @Test
    void malformedChoicesAre400SayingWhatToSend() {
        String url = "/api/lessons/quiz/steps/1/answer";
        asLearner().contentType(ContentType.JSON).body("{}").post(url).then().statusCode(400)
                .body("message", containsString("{\"choices\":[i, ...]}"));
        asLearner().contentType(ContentType.JSON).body("not json").post(url).then().statusCode(400)
                .body("message", containsString("Send the answer as JSON"));
        answering("\"1\"").post(url).then().statusCode(400).body("message", containsString("Send the answer as JSON"));
        answering("[1.5]").post(url).then().statusCode(400).body("message", containsString("whole number"));
        answering("[]").post(url).then().statusCode(400).body("message", containsString("No choice given"));
        answering("[3]").post(url).then().statusCode(400).body("message", containsString("numbered 0 to 2"));
        answering("[0,1]").post(url).then().statusCode(400).body("message", containsString("takes one choice"));
        answering("[2]").post("/api/lessons/quiz/steps/3/answer").then().statusCode(400)
                .body("message", containsString("numbered 0 to 1"));
        asLearner().get("/api/progress").then().statusCode(200).body("lessons", empty());
    }

    @Test
    void anUnknownLessonOrStepIs404AndAForeignPageOrNoCookieIsRefused() {
        answering("[0]").post("/api/lessons/no-such-lesson/steps/1/answer").then().statusCode(404);
        answering("[0]").post("/api/lessons/quiz/steps/9/answer").then().statusCode(404)
                .body("message", containsString("numbered 1 to 4"));
        answering("[1]").header("Origin", "http://evil.example").post("/api/lessons/quiz/steps/1/answer").then()
                .statusCode(403).body("message", containsString("own pages"));
        given().contentType(ContentType.JSON).body("{\"choices\":[1]}").post("/api/lessons/quiz/steps/1/answer").then()
                .statusCode(403);
        answering("[1]").header("Origin", base.toString().replaceAll("/$", "")).post("/api/lessons/quiz/steps/1/answer")
                .then().statusCode(200).body("correct", equalTo(true));
    }

    /**
     * HTTP/2 has no Host header (only {@code :authority}): the server's own page must still pass
     * for its own, and another site's must not. The JDK client speaks h2c to the plain-HTTP test
     * server after its first request.
     */
    @Test
    void anAnswerOverHttp2FromTheServersOwnPageIsTakenAndAForeignOneIsNot() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        client.send(HttpRequest.newBuilder(base.resolve("/api/lessons")).build(), HttpResponse.BodyHandlers.discarding());
        String own = base.toString().replaceAll("/$", "");
        HttpResponse<String> taken = client.send(answer(own), HttpResponse.BodyHandlers.ofString());
        assertThat(taken.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(taken.body()).contains("\"correct\":true");
        HttpResponse<String> refused = client.send(answer("http://evil.example"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private HttpRequest answer(String origin) {
        return HttpRequest.newBuilder(base.resolve("/api/lessons/quiz/steps/1/answer"))
                .header("Content-Type", "application/json").header("Origin", origin)
                .header("Cookie", "dockerlab_learner=" + learner.cookieValue())
                .POST(HttpRequest.BodyPublishers.ofString("{\"choices\":[1]}")).build();
    }

    @Test
    void theCatalogShowsTheCourseInOrderWithItsProgressAndTheOtherLessonsApart() {
        answering("[1]").post("/api/lessons/quiz/steps/1/answer").then().statusCode(200);
        String page = asLearner().get("/").then().statusCode(200)
                .body(allOf(containsString("<h2 id=\"course-title\">Fixture course</h2>"),
                        containsString("The fixture lessons as a course."),
                        containsString("<progress max=\"9\" value=\"1\"></progress>"),
                        containsString("0 of 2 lessons completed"),
                        containsString("<span class=\"course-number\">Lesson 2</span>"),
                        containsString("Answer a question about the kernel"),
                        containsString("<h2>More lessons</h2>")))
                .extract().asString();
        assertThat(page.indexOf("data-slug=\"checks\"")).as("checks before quiz").isLessThan(page.indexOf("data-slug=\"quiz\""));
        assertThat(page.indexOf("id=\"more-lessons\"")).as("the scenario below the course")
                .isGreaterThan(page.indexOf("data-slug=\"quiz\"")).isLessThan(page.indexOf("data-slug=\"scenario\""));
        given().queryParam("lang", "ko").get("/").then().statusCode(200)
                .body(containsString("픽스처 코스"), containsString("2강"), containsString("다른 강의"));
    }

    @Test
    void aCourseLessonOffersTheNextOneAndTheLastSaysItIsTheLast() {
        given().get("/lessons/checks").then().statusCode(200)
                .body(containsString("<a href=\"/lessons/quiz\">Lesson 2 · Quiz fixtures ›</a>"));
        given().queryParam("lang", "ko").get("/lessons/checks").then().statusCode(200)
                .body(containsString("코스의 다음 강의"), containsString("2강 · 퀴즈 픽스처"));
        given().get("/lessons/quiz").then().statusCode(200).body(containsString("This is the last lesson of the course."));
        given().get("/lessons/scenario").then().statusCode(200).body(not(containsString("id=\"next-lesson\"")));
    }
}
