package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.lesson.LessonValidator;
import dev.dockerlab.lesson.Problem;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Lesson folders whose intro, finish, steps, image and verify.sh are links to the server's own
 * files (finding 6 of the outside test): no byte of a link's target reaches a page, an API
 * answer, an image response or the learner's sandbox, a lesson folder that is itself a link out
 * is not offered, and the validator names every such link.
 */
@QuarkusTest
@TestProfile(LessonSymlinkTest.LinkedLessons.class)
class LessonSymlinkTest {

    /** In every line of /etc/passwd: the canary that the server's file was read. */
    private static final String PASSWD = "root:x:0:0";
    /** What the check script outside the lessons would leave in the sandbox, and what the linked-in lesson says. */
    private static final String MARKER = "dockerlab-symlink-" + Long.toHexString(System.nanoTime());

    /** Lessons in a temporary folder, written before the server starts. */
    public static class LinkedLessons implements QuarkusTestProfile {
        static final Path TEMP = make();
        static final Path ROOT = TEMP.resolve("lessons");

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.lessons.dir", ROOT.toString());
        }

        private static Path make() {
            try {
                Path temp = Files.createTempDirectory("dockerlab-symlinks");
                Path passwd = Path.of("/etc/passwd");
                Path outsideScript = write(temp.resolve("outside.sh"), "echo " + MARKER + " > /tmp/" + MARKER + "; exit 0\n");
                Path kc = temp.resolve("lessons/01-kc");
                write(kc.resolve("index.json"), """
                        {"title": "Linked scenario", "description": "links",
                         "details": {"intro": {"text": "intro.md"},
                                     "steps": [{"title": "One", "text": "step1/text.md", "verify": "step1/verify.sh"},
                                               {"title": "Two", "text": "step2/text.md", "verify": "step2/verify.sh"},
                                               {"title": "Three", "text": "step3/text.md"}],
                                     "finish": {"text": "finish.md"}}}
                        """);
                link(kc.resolve("intro.md"), passwd);
                link(kc.resolve("finish.md"), passwd);
                write(kc.resolve("step1/text.md"), "Look: ![p](passwd.png) ![ok](ok.png)\n\n`true`{{exec}}\n");
                link(kc.resolve("step1/passwd.png"), passwd);
                write(kc.resolve("step1/ok.png"), "a real image in the folder\n");
                link(kc.resolve("step1/verify.sh"), passwd);
                write(kc.resolve("step2/text.md"), "Two.\n\n`true`{{exec}}\n");
                link(kc.resolve("step2/verify.sh"), outsideScript);
                link(kc.resolve("step3/text.md"), passwd);

                Path own = temp.resolve("lessons/02-own");
                write(own.resolve("lesson.md"), "---\ntitle: Linked lesson\n---\nIntro of the lesson.\n");
                link(own.resolve("lesson.ko.md"), passwd);
                write(own.resolve("steps/01-a.md"), "# A\n\n![p](images/p.png)\n");
                link(own.resolve("steps/images/p.png"), passwd);
                link(own.resolve("steps/02-b.md"), passwd);
                link(own.resolve("finish.md"), passwd);

                Path elsewhere = temp.resolve("elsewhere");
                write(elsewhere.resolve("lesson.md"), "---\ntitle: Elsewhere " + MARKER + "\n---\n" + MARKER + "\n");
                write(elsewhere.resolve("steps/01-x.md"), "# X\n\n" + MARKER + "\n");
                link(temp.resolve("lessons/03-elsewhere"), elsewhere);
                return temp;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path write(Path file, String text) throws IOException {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        }

        private static void link(Path link, Path target) throws IOException {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
        }
    }

    @TestHTTPResource("/")
    java.net.URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void noPageOrApiAnswerShowsALinkedFile() {
        Learner learner = Learner.arrive(base);
        for (String path : List.of("/", "/lessons/kc", "/lessons/own", "/lessons/own?lang=ko", "/api/lessons")) {
            var answer = given().cookie("dockerlab_learner", learner.cookieValue()).get(path);
            assertThat(answer.statusCode()).as("status of " + path).isEqualTo(200);
            assertThat(answer.asString()).as(path).doesNotContain(PASSWD).doesNotContain(MARKER);
        }
        // a lesson's steps as JSON, where this server has that route
        for (String path : List.of("/api/lessons/kc", "/api/lessons/own")) {
            var answer = given().cookie("dockerlab_learner", learner.cookieValue()).get(path);
            assertThat(answer.statusCode()).as("status of " + path).isIn(200, 404);
            assertThat(answer.asString()).as(path).doesNotContain(PASSWD).doesNotContain(MARKER);
        }
        assertThat(given().get("/api/lessons").then().extract().jsonPath().getList("slug"))
                .as("a lesson folder that is a link out of the lessons folder").containsExactlyInAnyOrder("kc", "own");
        given().get("/lessons/elsewhere").then().statusCode(404);
    }

    @Test
    void aLinkedImageIsNotServedAndARealOneIs() {
        given().get("/lessons/kc/step1/ok.png").then().statusCode(200);
        for (String path : List.of("/lessons/kc/step1/passwd.png", "/lessons/own/steps/images/p.png")) {
            String body = given().get(path).then().statusCode(404).extract().asString();
            assertThat(body).as(path).doesNotContain(PASSWD);
        }
    }

    @Test
    void aLinkedVerifyScriptNeverReachesTheSandbox() {
        Learner learner = Learner.arrive(base);
        Sandbox sandbox = sandboxes.acquire(learner.id());
        try {
            for (int step = 1; step <= 2; step++) {
                String answer = given().cookie("dockerlab_learner", learner.cookieValue())
                        .post("/api/lessons/kc/steps/" + step + "/check").then().statusCode(200).extract().asString();
                assertThat(answer).as("check of step " + step).doesNotContain(PASSWD).doesNotContain(MARKER);
            }
            // from the host: no exec in the sandbox carried either file, and the outside script left nothing there
            var execs = HostDocker.client().inspectContainerCmd(sandbox.containerId()).exec().getExecIds();
            for (String exec : execs == null ? List.<String>of() : execs) {
                var config = HostDocker.client().inspectExecCmd(exec).exec().getProcessConfig();
                String command = config.getEntryPoint() + " " + Objects.toString(config.getArguments());
                assertThat(command).as("an exec in the sandbox").doesNotContain(PASSWD).doesNotContain(MARKER);
            }
            assertThat(InContainer.asLearner(HostDocker.client(), sandbox.containerId(), "ls /tmp").output())
                    .as("files the outside script would write").doesNotContain(MARKER);
        } finally {
            sandboxes.reset(learner.id());
        }
    }

    @Test
    void theValidatorNamesEveryLinkOutOfALessonFolder() {
        List<Problem> problems = LessonValidator.lessons(LinkedLessons.ROOT);
        List<String> files = problems.stream().map(Problem::file).toList();
        assertThat(files).as("problems: " + problems).contains("01-kc/intro.md", "01-kc/finish.md", "01-kc/step1/passwd.png",
                "01-kc/step1/verify.sh", "01-kc/step2/verify.sh", "01-kc/step3/text.md", "02-own/lesson.ko.md",
                "02-own/steps/images/p.png", "02-own/steps/02-b.md", "02-own/finish.md", "03-elsewhere");
        assertThat(problems).as("the image reference, with its line")
                .anyMatch(p -> p.file().equals("02-own/steps/01-a.md") && p.line() == 3 && p.message().contains("outside"));
        assertThat(problems.toString()).as("problems quote no linked file").doesNotContain(PASSWD);
    }
}
