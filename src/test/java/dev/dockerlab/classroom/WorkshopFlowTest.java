package dev.dockerlab.classroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A workshop from creation to close against the real engine: an instructor (the token) and three
 * learners (real cookies, a real terminal), the roster following them, the CSV, and the close
 * that removes their sandboxes and keeps their progress.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class WorkshopFlowTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    DockerProfileConfig docker;

    private final List<Learner> learners = new java.util.ArrayList<>();

    @AfterEach
    void leave() {
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    private Learner arrive() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        return learner;
    }

    private static RequestSpecification as(Learner learner) {
        return given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON);
    }

    private static void join(Learner learner, String code, String name) {
        as(learner).body(Map.of("code", code, "name", name)).post("/api/workshops/join").then().statusCode(200)
                .body("message", containsString("You joined"));
    }

    private static List<Map<String, Object>> roster(String id) {
        return AsInstructor.given().get("/api/workshops/" + id + "/roster").then().statusCode(200).extract().jsonPath()
                .getList("");
    }

    private static Map<String, Object> entryOf(String id, String name) {
        return roster(id).stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not on the roster " + roster(id)));
    }

    @Test
    void anInstructorRunsAWorkshopFromCreationToClose() {
        Map<String, String> made = AsInstructor.create("Containers 101", List.of("checks", "quiz"));
        String id = made.get("id");
        assertThat(made.get("code")).as("an 8-character code from the unambiguous alphabet").matches("[0-9A-HJKMNP-TV-Z]{8}");

        Learner ada = arrive();
        Learner grace = arrive();
        Learner linus = arrive();
        join(ada, made.get("code"), "Ada");
        // typed as people type it: lower case, a dash, O for zero
        join(grace, (made.get("code").substring(0, 4) + "-" + made.get("code").substring(4)).toLowerCase(), "Grace");
        join(linus, made.get("code"), "Linus");

        List<Map<String, Object>> before = roster(id);
        assertThat(before).extracting(e -> e.get("name")).containsExactly("Ada", "Grace", "Linus");
        assertThat(before).allSatisfy(e -> {
            assertThat(e.get("passed")).isEqualTo(0);
            assertThat(e.get("sandbox")).isEqualTo("none");
            assertThat(e.get("lesson")).as("nobody has started: the first step of the workshop").isEqualTo("checks");
            assertThat(e.get("step")).isEqualTo(1);
        });

        // the catalog of a member shows the workshop and its lessons first
        String catalog = as(ada).accept(ContentType.HTML).get("/").then().statusCode(200).extract().asString();
        assertThat(catalog).contains("Workshop: Containers 101").contains("id=\"workshop\"");

        // Ada opens the terminal of step 4, does what it asks in the real shell, and passes its check
        as(ada).body(Map.of("lesson", "checks", "step", 4)).post("/api/progress/position").then().statusCode(200);
        try (TerminalClient terminal = ada.terminal(base, "checks")) {
            terminal.await("learner@sandbox");
            Map<String, Object> working = entryOf(id, "Ada");
            assertThat(working.get("sandbox")).isEqualTo("running");
            assertThat(working.get("step")).isEqualTo(4);
            assertThat(working.get("onStepSeconds")).as("on a step not finished").isNotNull();
            as(ada).post("/api/lessons/checks/steps/4/check").then().statusCode(200).body("passed", equalTo(false));
            terminal.type("touch ~/marker.txt; echo made-\"marker\"\r");
            terminal.await("made-marker");
            as(ada).post("/api/lessons/checks/steps/4/check").then().statusCode(200).body("passed", equalTo(true));
        }
        // Grace reads step 1 (a text step: done when she says so)
        as(grace).body(Map.of("lesson", "checks", "step", 1)).post("/api/progress/position").then().statusCode(200);
        as(grace).post("/api/lessons/checks/steps/1/check").then().statusCode(200).body("passed", equalTo(true));

        Map<String, Object> adaNow = entryOf(id, "Ada");
        assertThat(adaNow.get("passed")).isEqualTo(1);
        assertThat(adaNow.get("lastActivity")).isNotNull();
        assertThat(adaNow.get("onStepSeconds")).as("step 4 is finished: not stuck on it").isNull();
        assertThat(entryOf(id, "Grace").get("passed")).isEqualTo(1);
        assertThat(entryOf(id, "Linus").get("passed")).isEqualTo(0);

        JsonPath totals = AsInstructor.given().get("/api/workshops/" + id + "/totals").then().statusCode(200).extract().jsonPath();
        assertThat(totals.getInt("find { it.lesson == 'checks' && it.step == 1 }.finished")).isEqualTo(1);
        assertThat(totals.getInt("find { it.lesson == 'checks' && it.step == 4 }.finished")).isEqualTo(1);
        assertThat(totals.getInt("find { it.lesson == 'checks' && it.step == 2 }.finished")).isZero();
        assertThat(totals.getInt("find { it.lesson == 'checks' && it.step == 4 }.of")).isEqualTo(3);

        String csv = AsInstructor.given().accept("text/csv").get("/api/workshops/" + id + "/progress.csv").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        assertThat(csv.split("\r\n")).as("a header and one line per learner and lesson").hasSize(1 + 3 * 2);
        assertThat(csv).contains("learner,joined_at,lesson,steps,finished,finished_steps,last_finished_at")
                .containsPattern("Ada,[^,]+,checks,5,1,4,20")
                .containsPattern("Grace,[^,]+,checks,5,1,1,20")
                .containsPattern("Linus,[^,]+,quiz,\\d+,0,,\r\n");

        // close with a warning: the members are told, nobody joins, then the sandboxes go and progress stays
        assertThat(sandboxes.find(ada.id())).as("Ada's sandbox before the close").isPresent();
        AsInstructor.given().body(Map.of("warningSeconds", 2)).post("/api/workshops/" + id + "/close").then().statusCode(200)
                .body("state", equalTo("closing")).body("closingAt", notNullValue());
        as(ada).get("/api/workshops/joined").then().statusCode(200).body("closingAt", notNullValue());
        assertThat(as(ada).accept(ContentType.HTML).get("/").then().extract().asString()).contains("id=\"workshop-closing\"");
        Learner late = arrive();
        as(late).body(Map.of("code", made.get("code"), "name", "Late")).post("/api/workshops/join").then().statusCode(410)
                .body("message", containsString("takes no more learners"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> "closed".equals(AsInstructor.given().get("/api/workshops/" + id).then().extract().path("state")));
        assertThat(sandboxes.find(ada.id())).as("Ada's sandbox after the close").isEmpty();
        as(ada).get("/api/progress").then().statusCode(200).body("lessons.find { it.slug == 'checks' }.finished", equalTo(List.of(4)));
        as(ada).get("/api/workshops/joined").then().statusCode(204);
        assertThat(as(ada).accept(ContentType.HTML).get("/").then().extract().asString()).doesNotContain("id=\"workshop\"");
        // the instructor still has the roster and the CSV of a closed workshop
        assertThat(roster(id)).hasSize(3);
    }

    @Test
    void learnersSeeTheirWorkshopButNeverTheOtherLearners() {
        Map<String, String> made = AsInstructor.create("Privacy", List.of("checks"));
        Learner one = arrive();
        Learner two = arrive();
        join(one, made.get("code"), "Secret Name One");
        join(two, made.get("code"), "Secret Name Two");
        String joined = as(one).get("/api/workshops/joined").then().statusCode(200).body("name", equalTo("Privacy"))
                .body("lessons[0].slug", equalTo("checks")).extract().asString();
        assertThat(joined).doesNotContain("Secret Name Two").doesNotContain(made.get("id")).doesNotContain(made.get("code"));
        assertThat(as(one).accept(ContentType.HTML).get("/").then().extract().asString()).doesNotContain("Secret Name Two");
        assertThat(as(one).accept(ContentType.HTML).get("/join").then().extract().asString()).doesNotContain("Secret Name Two");
    }

    @Test
    void unknownLessonsAreRefusedByName() {
        AsInstructor.given().body(Map.of("name", "Typos", "lessons", List.of("checks", "no-such-lesson")))
                .post("/api/workshops").then().statusCode(400)
                .body("message", containsString("No such lesson: no-such-lesson"))
                .body("message", containsString("checks"));
        AsInstructor.given().body(Map.of("name", "", "lessons", List.of("checks"))).post("/api/workshops").then().statusCode(400);
        AsInstructor.given().body(Map.of("name", "Nothing", "lessons", List.of())).post("/api/workshops").then().statusCode(400);
        AsInstructor.given().body(Map.of("name", "Backwards", "lessons", List.of("checks"),
                "startsAt", "2099-01-02T10:00:00Z", "endsAt", "2099-01-02T09:00:00Z")).post("/api/workshops").then()
                .statusCode(400).body("message", containsString("must come after its start"));
    }

    @Test
    void aWrongOrMalformedCodeGetsAClearMessageInTheLearnersLanguage() {
        Learner learner = arrive();
        as(learner).body(Map.of("code", "ZZZZ-ZZZZ", "name", "Ada")).post("/api/workshops/join").then().statusCode(404)
                .body("message", equalTo("There is no workshop with the code ZZZZ-ZZZZ. Check it against the one your instructor shows."));
        as(learner).header("Accept-Language", "ko").body(Map.of("code", "ZZZZ-ZZZZ", "name", "Ada"))
                .post("/api/workshops/join").then().statusCode(404).body("message", containsString("코드로 열린 워크숍이 없습니다"));
        as(learner).body(Map.of("code", "hello", "name", "Ada")).post("/api/workshops/join").then().statusCode(404)
                .body("message", containsString("8 letters and digits"));
        Map<String, String> made = AsInstructor.create("Names", List.of("checks"));
        as(learner).body(Map.of("code", made.get("code"), "name", "   ")).post("/api/workshops/join").then().statusCode(400)
                .body("message", containsString("1 to 40 characters"));
    }

    @Test
    void anEndedWorkshopsCodeNoLongerWorks() {
        Map<String, String> made = AsInstructor.create("Soon over", List.of("checks"));
        AsInstructor.given().body(Map.of("warningSeconds", 0)).post("/api/workshops/" + made.get("id") + "/close").then()
                .statusCode(200).body("state", equalTo("closed"));
        Learner learner = arrive();
        as(learner).header("Accept-Language", "ko").body(Map.of("code", made.get("code"), "name", "Ada"))
                .post("/api/workshops/join").then().statusCode(410).body("message", containsString("끝나서"));
    }

    @Test
    void theProjectorPageShowsTheCodeTheLinkAndAQrCode() {
        Map<String, String> made = AsInstructor.create("Projector", List.of("checks"));
        String page = AsInstructor.given().accept(ContentType.HTML).get("/instructor/workshops/" + made.get("id")).then()
                .statusCode(200).extract().asString();
        String display = made.get("code").substring(0, 4) + "-" + made.get("code").substring(4);
        assertThat(page).contains(display).contains("/join/" + display).contains("<svg").contains("class=\"qr\"");
        AsInstructor.given().accept(ContentType.HTML).get("/instructor/workshops/" + made.get("id") + "/roster").then()
                .statusCode(200).body(containsString("id=\"roster\""));
        // the join link fills in the code
        given().accept(ContentType.HTML).get("/join/" + display).then().statusCode(200)
                .body(containsString("value=\"" + display + "\""));
    }

    @Test
    void theInstructorSeesTheCapacityAndStartsSandboxesAhead() {
        Map<String, String> made = AsInstructor.create("Warm", List.of("checks"));
        JsonPath capacity = AsInstructor.given().get("/api/workshops/" + made.get("id") + "/capacity").then().statusCode(200)
                .extract().jsonPath();
        assertThat(capacity.getInt("capacity.maxSandboxes")).isPositive();
        assertThat(capacity.getLong("capacity.engineMemory")).as("the engine's memory").isPositive();
        assertThat(capacity.getBoolean("prestartPossible")).isTrue();
        int pooledBefore = sandboxes.pooled();
        AsInstructor.given().body(Map.of("count", 2)).post("/api/workshops/" + made.get("id") + "/prestart").then().statusCode(200)
                .body("starting", equalTo(2));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sandboxes.pooled() >= pooledBefore + 2);
        // a learner of the workshop takes one of them
        Learner learner = arrive();
        join(learner, made.get("code"), "Early");
        try (TerminalClient terminal = learner.terminal(base, "checks")) {
            terminal.await("learner@sandbox");
        }
        assertThat(sandboxes.pooled()).as("one taken, not replaced").isEqualTo(pooledBefore + 1);
        // closing gives the rest back
        AsInstructor.given().body(Map.of("warningSeconds", 0)).post("/api/workshops/" + made.get("id") + "/close").then()
                .statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.pooled() == pooledBefore);
    }

    @Test
    void aDockerWorkshopsSandboxesStartAheadInTheDockerPoolAndAreGivenBackAtItsClose() {
        Map<String, String> made = AsInstructor.create("Docker warm", List.of("checks", "docker"));
        JsonPath capacity = AsInstructor.given().get("/api/workshops/" + made.get("id") + "/capacity").then().statusCode(200)
                .extract().jsonPath();
        assertThat(capacity.getString("profile")).isEqualTo("docker");
        assertThat(capacity.getBoolean("prestartPossible")).isTrue();
        assertThat(capacity.getLong("capacity.memoryPerSandbox")).as("each sandbox counted at the Docker profile's limit")
                .isEqualTo(docker.memory().asLongValue());
        int dockerBefore = sandboxes.pooled(SandboxProfile.DOCKER);
        int plainBefore = sandboxes.pooled(SandboxProfile.PLAIN);
        int room = capacity.getInt("capacity.room");

        JsonPath prestarted = AsInstructor.given().body(Map.of("count", 1)).post("/api/workshops/" + made.get("id") + "/prestart")
                .then().statusCode(200).body("starting", equalTo(1)).extract().jsonPath();
        assertThat(prestarted.getLong("capacity.memoryPerSandbox")).isEqualTo(docker.memory().asLongValue());
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.pooled(SandboxProfile.DOCKER) == dockerBefore + 1);
        assertThat(sandboxes.pooled(SandboxProfile.PLAIN)).as("no plain one for it").isEqualTo(plainBefore);
        AsInstructor.given().get("/api/workshops/" + made.get("id") + "/capacity").then().statusCode(200)
                .body("capacity.room", equalTo(room - 1));

        AsInstructor.given().body(Map.of("warningSeconds", 0)).post("/api/workshops/" + made.get("id") + "/close").then()
                .statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.pooled(SandboxProfile.DOCKER) == dockerBefore);
    }
}
