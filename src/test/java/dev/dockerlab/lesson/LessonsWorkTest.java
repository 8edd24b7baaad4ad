package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Lessons are tested like code: for every lesson under lessons/, a fresh learner with a fresh
 * sandbox works through the steps in order. Each check must fail before its solution (unless the
 * step says it cannot), the solution is typed into the real terminal WebSocket as a learner's
 * "Run solution" would, and the check must then pass.
 */
@QuarkusTest
class LessonsWorkTest {

    private static final Duration CHECK_PASSES_WITHIN = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LessonCatalog catalog;

    @Inject
    SandboxService sandboxes;

    @TestFactory
    Stream<DynamicTest> everyLessonCanBeWorkedThroughWithItsSolutions() {
        assertThat(catalog.all()).as("lessons under lessons/").isNotEmpty();
        return catalog.all().stream().map(lesson -> dynamicTest(lesson.slug(), () -> workThrough(lesson)));
    }

    private void workThrough(Lesson lesson) {
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base, lesson.slug())) {
            terminal.awaitText("\"type\":\"ready\"", Duration.ofSeconds(60));
            terminal.await("learner@sandbox", Duration.ofSeconds(30));
            for (Lesson.Step step : lesson.steps()) {
                String where = lesson.slug() + " step " + step.number() + " (" + step.title() + ")";
                if (step.hasCheck() && step.check().failsBeforeSolution()) {
                    JsonPath answer = check(learner, lesson, step);
                    assertThat(answer.getBoolean("passed"))
                            .as("%s: the check passed before its solution ran (%s); if that is expected,"
                                    + " mark the step fails-before-solution: false", where, answer.getString("message"))
                            .isFalse();
                }
                if (step.hasSolution()) {
                    terminal.type(keystrokes(step.solution()));
                }
                if (step.hasCheck()) {
                    awaitPass(learner, lesson, step, terminal, where);
                }
            }
        } finally {
            sandboxes.reset(learner.id());
        }
    }

    private void awaitPass(Learner learner, Lesson lesson, Lesson.Step step, TerminalClient terminal, String where) {
        String[] last = { "" };
        try {
            Awaitility.await().atMost(CHECK_PASSES_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonPath answer = check(learner, lesson, step);
                last[0] = answer.getString("message");
                return answer.getBoolean("passed");
            });
        } catch (ConditionTimeoutException e) {
            String screen = terminal.stripped();
            throw new AssertionError(where + ": the check did not pass after the solution ran. Last answer: " + last[0]
                    + "\nsolution:\n" + step.solution() + "\nterminal:\n"
                    + screen.substring(Math.max(0, screen.length() - 1500)), e);
        }
    }

    private static JsonPath check(Learner learner, Lesson lesson, Lesson.Step step) {
        return given().cookie("dockerlab_learner", learner.cookieValue())
                .post("/api/lessons/" + lesson.slug() + "/steps/" + step.number() + "/check")
                .then().statusCode(200).extract().jsonPath();
    }

    /** As the page's "Run solution" types it: each line followed by Enter. */
    static String keystrokes(String solution) {
        return solution.stripTrailing().replaceAll("\r?\n", "\r") + "\r";
    }
}
