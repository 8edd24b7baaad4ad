package dev.dockerlab.classroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.ServerProcess;
import io.restassured.http.ContentType;

/**
 * The packaged server, as an operator runs it, with no instructor token set: it makes one and
 * prints it once; a workshop and its learners survive a kill -9 and a restart, and the second
 * start prints no token.
 */
class WorkshopRestartIT {

    private ServerProcess server;
    private String instance;

    @AfterEach
    void stop() {
        ServerProcess.closeAll(instance, server);
    }

    @Test
    void aWorkshopAndItsLearnersSurviveAKillAndARestartAndTheTokenIsPrintedOnce() throws Exception {
        instance = "classroom-it-" + Long.toHexString(System.nanoTime());
        int port = ServerProcess.freePort();
        server = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);
        String token = Files.readString(Path.of("target", instance + "-data", "instructor-token")).trim();
        assertThat(server.log()).as("the first start prints the token it made").contains("Authorization: Bearer " + token);

        String base = server.base().toString().replaceAll("/$", "");
        Map<String, Object> made = given().baseUri(base).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("name", "Survivors", "lessons", List.of("first-steps"))).post("/api/workshops").then()
                .statusCode(201).extract().jsonPath().getMap("");
        Learner ada = Learner.arrive(server.base());
        given().baseUri(base).cookie(Learner.COOKIE, ada.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("code", made.get("code"), "name", "Ada")).post("/api/workshops/join").then().statusCode(200);
        given().baseUri(base).cookie(Learner.COOKIE, ada.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("lesson", "first-steps", "step", 2)).post("/api/progress/position").then().statusCode(200);

        server.kill();
        server = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);

        Matcher printed = Pattern.compile(Pattern.quote("Authorization: Bearer " + token)).matcher(server.log());
        int times = 0;
        while (printed.find()) {
            times++;
        }
        assertThat(times).as("the token is printed at the first start only, in both runs' log").isEqualTo(1);
        given().baseUri(base).header("Authorization", "Bearer " + token).get("/api/workshops/" + made.get("id") + "/roster")
                .then().statusCode(200).body("name", equalTo(List.of("Ada"))).body("[0].lesson", equalTo("first-steps"))
                .body("[0].step", equalTo(2));
        given().baseUri(base).cookie(Learner.COOKIE, ada.cookieValue()).get("/api/workshops/joined").then().statusCode(200)
                .body("name", equalTo("Survivors"));
        given().baseUri(base).header("Authorization", "Bearer " + token).get("/api/workshops").then().statusCode(200)
                .body("name", equalTo(List.of("Survivors")));
    }
}
