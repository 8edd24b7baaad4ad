package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A fresh learner works through one lesson as the page would have them: the terminal opened beside
 * the lesson, a Killercoda scenario's set-up announced stage by stage (its foreground scripts typed
 * into the terminal), and per step: the check must fail (unless the step says it cannot), the
 * solution is typed block by block into the real terminal WebSocket (Ctrl-C first where a block
 * says interrupt), and the check must then pass. Each quiz is answered wrongly (the server must say
 * so) and then with the options its file marks right.
 */
final class LessonWalk {

    /** What the page waits before a block that presses Ctrl-C (steps.js): the command before it has started. */
    private static final Duration INTERRUPT_PAUSE = Duration.ofSeconds(1);

    private final URI base;
    private final SandboxService sandboxes;
    private final Duration checkPassesWithin;

    LessonWalk(URI base, SandboxService sandboxes, Duration checkPassesWithin) {
        this.base = base;
        this.sandboxes = sandboxes;
        this.checkPassesWithin = checkPassesWithin;
    }

    void workThrough(Lesson lesson) {
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base, lesson.slug())) {
            terminal.awaitText("\"type\":\"ready\"", Duration.ofSeconds(60));
            terminal.await(lesson.nodes() > 1 ? "learner@node1" : "learner@sandbox", Duration.ofSeconds(30));
            reach(learner, lesson, Scenario.INTRO, terminal);
            for (Lesson.Step step : lesson.steps()) {
                String where = lesson.slug() + " step " + step.number() + " (" + step.title() + ")";
                reach(learner, lesson, Integer.toString(step.number()), terminal);
                if (step.hasQuiz()) {
                    answerQuiz(learner, lesson, step, where);
                    continue;
                }
                if (step.hasCheck() && step.check().failsBeforeSolution()) {
                    JsonPath answer = check(learner, lesson, step);
                    assertThat(answer.getBoolean("passed"))
                            .as("%s: the check passed before its solution ran (%s); if that is expected,"
                                    + " mark the step fails-before-solution: false", where, answer.getString("message"))
                            .isFalse();
                }
                typeSolution(step, terminal);
                if (step.hasCheck()) {
                    awaitPass(learner, lesson, step, terminal, where);
                }
            }
            reach(learner, lesson, Scenario.FINISH, terminal);
        } finally {
            sandboxes.reset(learner.id());
        }
    }

    /**
     * A Killercoda stage, as the page announces it: its foreground scripts are typed, and the walk
     * goes on once they have run (a foreground script usually waits for its background one).
     */
    private void reach(Learner learner, Lesson lesson, String stage, TerminalClient terminal) {
        if (lesson.scenario().isEmpty()) {
            return;
        }
        List<String> foreground = given().cookie("dockerlab_learner", learner.cookieValue())
                .post("/api/lessons/" + lesson.slug() + "/scripts/" + stage)
                .then().statusCode(200).extract().jsonPath().getList("foreground", String.class);
        for (String script : foreground) {
            terminal.type(keystrokes(script));
            // printed as "ran-<tag>", typed as "ran <tag>": only the output matches
            String tag = Long.toHexString(System.nanoTime());
            terminal.type("printf '%s-%s\\n' ran " + tag + "\r");
            terminal.await("ran-" + tag, checkPassesWithin);
        }
    }

    static void typeSolution(Lesson.Step step, TerminalClient terminal) {
        List<Lesson.Run> runs = step.runs();
        for (int i = 0; i < runs.size(); i++) {
            Lesson.Run run = runs.get(i);
            if (run.interrupt() && i > 0) {
                pause();
            }
            terminal.type((run.interrupt() ? "\u0003" : "") + keystrokes(run.command()));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(INTERRUPT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPass(Learner learner, Lesson lesson, Lesson.Step step, TerminalClient terminal, String where) {
        String[] last = { "" };
        try {
            Awaitility.await().atMost(checkPassesWithin).pollInterval(Duration.ofMillis(500)).until(() -> {
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

    private static void answerQuiz(Learner learner, Lesson lesson, Lesson.Step step, String where) {
        Quiz quiz = step.quiz();
        Set<Integer> right = quiz.rightChoices();
        List<Integer> wrong = IntStream.range(0, quiz.choiceCount()).filter(i -> !right.contains(i)).boxed().findFirst()
                .map(i -> quiz.isMultiple() ? Stream.concat(right.stream(), Stream.of(i)).toList() : List.of(i))
                .orElseGet(() -> right.stream().skip(1).toList()); // every option right: leaving one out is wrong
        if (!wrong.isEmpty()) {
            assertThat(answer(learner, lesson, step, wrong).getBoolean("correct")).as("%s: the wrong choice %s was accepted",
                    where, wrong).isFalse();
        }
        JsonPath answer = answer(learner, lesson, step, List.copyOf(right));
        assertThat(answer.getBoolean("correct")).as("%s: the options marked correct %s were not accepted", where, right).isTrue();
        assertThat(answer.getString("explanation")).as("%s: the explanation of a right answer", where).isNotBlank();
    }

    private static JsonPath answer(Learner learner, Lesson lesson, Lesson.Step step, List<Integer> choices) {
        return given().cookie("dockerlab_learner", learner.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("choices", choices))
                .post("/api/lessons/" + lesson.slug() + "/steps/" + step.number() + "/answer")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath check(Learner learner, Lesson lesson, Lesson.Step step) {
        return given().cookie("dockerlab_learner", learner.cookieValue())
                .post("/api/lessons/" + lesson.slug() + "/steps/" + step.number() + "/check")
                .then().statusCode(200).extract().jsonPath();
    }

    /** As the page's "Run solution" types a block: each line followed by Enter. */
    static String keystrokes(String solution) {
        return solution.stripTrailing().replaceAll("\r?\n", "\r") + "\r";
    }
}
