package dev.dockerlab.lesson;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Authoring comfort: an edited or added lesson shows on the next page load, without a restart. */
@QuarkusTest
@TestProfile(LessonReloadTest.ScratchLessons.class)
class LessonReloadTest {

    static final Path DIR = Path.of("target", "reload-lessons");

    public static class ScratchLessons implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            write("01-draft/lesson.md", "---\ntitle: First draft\n---\nIntro.\n");
            write("01-draft/steps/01-one.md", "# One\n\nDo one thing.\n");
            return Map.of("dockerlab.lessons.dir", DIR.toString(), "dockerlab.lessons.reload-check", "200ms");
        }
    }

    static void write(String path, String text) {
        try {
            Path file = DIR.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEditedLessonAndANewOneShowWithoutARestart() throws Exception {
        given().get("/lessons/draft").then().statusCode(200).body(containsString("<h1>First draft</h1>"));

        write("01-draft/lesson.md", "---\ntitle: Second draft\n---\nIntro.\n");
        write("02-fresh/lesson.md", "---\ntitle: Fresh\n---\nNew.\n");
        write("02-fresh/steps/01-go.md", "# Go\n\nGo on.\n");
        Files.setLastModifiedTime(DIR.resolve("01-draft/lesson.md"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/lessons/draft").then()
                .statusCode(200).body(containsString("<h1>Second draft</h1>")));
        given().get("/api/lessons").then().statusCode(200).body("slug", hasItem("fresh"));
    }
}
