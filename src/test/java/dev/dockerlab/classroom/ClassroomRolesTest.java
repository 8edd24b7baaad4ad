package dev.dockerlab.classroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every way across the line between learners and instructors that a learner (or a stranger) might
 * try, each refused before anything is sent: a learner's cookie on every instructor route, no
 * credentials, a forged token or sign-in cookie, a cookie-signed write from another site, another
 * instructor's workshop, another workshop's code.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class ClassroomRolesTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Workshops workshops;

    /** Every instructor route, by method and path ({id} filled in), with a body where it takes one. */
    private static List<String[]> instructorRoutes(String id) {
        return List.of(
                new String[] {"POST", "/api/workshops", "{\"name\":\"x\",\"lessons\":[\"checks\"]}"},
                new String[] {"GET", "/api/workshops", null},
                new String[] {"GET", "/api/workshops/" + id, null},
                new String[] {"GET", "/api/workshops/" + id + "/roster", null},
                new String[] {"GET", "/api/workshops/" + id + "/totals", null},
                new String[] {"GET", "/api/workshops/" + id + "/progress.csv", null},
                new String[] {"GET", "/api/workshops/" + id + "/capacity", null},
                new String[] {"POST", "/api/workshops/" + id + "/prestart", "{\"count\":1}"},
                new String[] {"POST", "/api/workshops/" + id + "/close", "{\"warningSeconds\":0}"});
    }

    private static Response call(RequestSpecification spec, String[] route) {
        // each route asked for what it answers (the CSV route answers text/csv only: asked for JSON, JAX-RS says 406 first)
        RequestSpecification s = spec.contentType(ContentType.JSON).accept(route[1].endsWith(".csv") ? "text/csv" : "application/json");
        if (route[2] != null) {
            s = s.body(route[2]);
        }
        return route[0].equals("GET") ? s.get(route[1]) : s.post(route[1]);
    }

    @Test
    void aLearnersCookieOnEveryInstructorRouteIs401AndSaysHowToSignIn() {
        String id = AsInstructor.create("Roles", List.of("checks")).get("id");
        Learner learner = Learner.arrive(base);
        for (String[] route : instructorRoutes(id)) {
            Response answer = call(given().cookie(Learner.COOKIE, learner.cookieValue()), route);
            assertThat(answer.statusCode()).as(route[0] + " " + route[1] + " with a learner's cookie").isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).as(route[1]).startsWith("Bearer");
            assertThat(answer.asString()).as(route[1]).contains("/instructor/sign-in").doesNotContain("Roles");
        }
        // and the workshop is still open: the close above was refused
        AsInstructor.given().get("/api/workshops/" + id).then().statusCode(200).body("state", equalTo("open"));
    }

    @Test
    void aForgedTokenOrSignInCookieIs403OnEveryInstructorRoute() {
        String id = AsInstructor.create("Forged", List.of("checks")).get("id");
        for (String[] route : instructorRoutes(id)) {
            assertThat(call(given().header("Authorization", "Bearer " + AsInstructor.TOKEN + "x"), route).statusCode())
                    .as(route[1] + " with a longer token").isEqualTo(403);
            assertThat(call(given().header("Authorization", "Bearer test-instructor-token-012345678"), route).statusCode())
                    .as(route[1] + " with a shorter token").isEqualTo(403);
            assertThat(call(given().header("Authorization", "Basic " + AsInstructor.TOKEN), route).statusCode())
                    .as(route[1] + " with the token as Basic").isEqualTo(403);
            assertThat(call(given().cookie(Instructors.COOKIE, "made-up"), route).statusCode())
                    .as(route[1] + " with a made-up sign-in cookie").isEqualTo(403);
            assertThat(call(given().cookie(Instructors.COOKIE, AsInstructor.TOKEN), route).statusCode())
                    .as(route[1] + " with the token itself as the cookie").isEqualTo(403);
        }
    }

    @Test
    void theInstructorPagesSendAStrangerToSignInAndALearnerNoRoster() {
        String id = AsInstructor.create("Pages", List.of("checks")).get("id");
        Learner learner = Learner.arrive(base);
        for (String page : List.of("/instructor", "/instructor/workshops/" + id, "/instructor/workshops/" + id + "/roster")) {
            given().cookie(Learner.COOKIE, learner.cookieValue()).redirects().follow(false).accept(ContentType.HTML).get(page)
                    .then().statusCode(303).header("Location", containsString("/instructor/sign-in"));
            given().header("Authorization", "Bearer wrong-token-wrong-token").accept(ContentType.HTML).get(page).then()
                    .statusCode(403).body(not(containsString("Pages")));
        }
    }

    @Test
    void theSignInPageTakesTheTokenOnceAndKeepsAnHttpOnlyCookieThatIsNotTheToken() {
        given().accept(ContentType.HTML).get("/instructor/sign-in").then().statusCode(200).body(containsString("name=\"token\""));
        given().formParam("token", "wrong").redirects().follow(false).post("/instructor/sign-in").then().statusCode(403)
                .body(containsString("That is not this server"));
        Response signedIn = given().formParam("token", AsInstructor.TOKEN).redirects().follow(false).post("/instructor/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie).startsWith(Instructors.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .doesNotContain(AsInstructor.TOKEN);
        String cookie = signedIn.getCookie(Instructors.COOKIE);
        given().cookie(Instructors.COOKIE, cookie).accept(ContentType.HTML).get("/instructor").then().statusCode(200)
                .body(containsString("id=\"create-form\""));
        // a write signed by the cookie: from the server's own page yes, from another site's no
        given().cookie(Instructors.COOKIE, cookie).contentType(ContentType.JSON).header("Origin", base.toString().replaceAll("/$", ""))
                .body(Map.of("name", "From the page", "lessons", List.of("checks"))).post("/api/workshops").then().statusCode(201);
        given().cookie(Instructors.COOKIE, cookie).contentType(ContentType.JSON).header("Origin", "https://evil.example")
                .body(Map.of("name", "From elsewhere", "lessons", List.of("checks"))).post("/api/workshops").then().statusCode(403);
        // signing out clears it
        assertThat(given().cookie(Instructors.COOKIE, cookie).redirects().follow(false).post("/instructor/sign-out")
                .header("Set-Cookie")).contains("Max-Age=0");
    }

    @Test
    void anotherInstructorsWorkshopIsNotFoundForThem() {
        String id = AsInstructor.create("Mine", List.of("checks")).get("id");
        Instructor other = new Instructor("oidc:someone-else", "Someone else");
        assertThatThrownBy(() -> workshops.require(other, id)).isInstanceOf(WorkshopException.NotFound.class);
        assertThat(workshops.of(other)).isEmpty();
        assertThatThrownBy(() -> workshops.close(other, id, java.time.Duration.ZERO)).isInstanceOf(WorkshopException.NotFound.class);
    }

    @Test
    void anotherWorkshopsCodePutsTheLearnerInThatWorkshopOnly() {
        Map<String, String> a = AsInstructor.create("Workshop A", List.of("checks"));
        Map<String, String> b = AsInstructor.create("Workshop B", List.of("quiz"));
        Learner learner = Learner.arrive(base);
        given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("code", b.get("code"), "name", "Crosser")).post("/api/workshops/join").then().statusCode(200);
        assertThat(AsInstructor.given().get("/api/workshops/" + a.get("id") + "/roster").then().extract().jsonPath()
                .getList("name")).doesNotContain("Crosser");
        assertThat(AsInstructor.given().get("/api/workshops/" + b.get("id") + "/roster").then().extract().jsonPath()
                .getList("name")).contains("Crosser");
        given().cookie(Learner.COOKIE, learner.cookieValue()).get("/api/workshops/joined").then().statusCode(200)
                .body("name", equalTo("Workshop B"));
    }

    @Test
    void joinAttemptsAreLimitedPerLearner() {
        Learner learner = Learner.arrive(base);
        int refused = 0;
        for (int i = 0; i < 12; i++) {
            int status = given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON)
                    .body(Map.of("code", String.format("ZZZZ%04d", i).replace('0', 'Z'), "name", "Guesser"))
                    .post("/api/workshops/join").then().extract().statusCode();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).as("attempt " + i).isEqualTo(404);
            }
        }
        assertThat(refused).as("attempts beyond 10 a minute").isEqualTo(2);
        given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("code", "ZZZZZZZZ", "name", "Guesser")).post("/api/workshops/join").then().statusCode(429)
                .header("Retry-After", not(equalTo(null))).body("message", containsString("Too many tries"));
    }

    @Test
    void joiningNeedsTheLearnerCookie() {
        given().contentType(ContentType.JSON).body(Map.of("code", "ZZZZZZZZ", "name", "Nobody")).post("/api/workshops/join")
                .then().statusCode(403);
    }
}
