package dev.dockerlab.docker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The Docker commands of the course, typed into the terminal of a Docker-enabled sandbox. */
@QuarkusTest
@TestProfile(DockerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerCommandsTest {

    private static final Duration SLOW = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;
    private TerminalClient terminal;

    /** One learner for the whole class: each test starts where a learner in a lesson would. */
    private TerminalClient terminal() {
        if (terminal == null) {
            learner = Learner.arrive(base);
            terminal = learner.terminal(base);
            terminal.await("learner@sandbox", Duration.ofSeconds(30));
        }
        return terminal;
    }

    @AfterAll
    void cleanUp() {
        if (terminal != null) {
            terminal.close();
            sandboxes.reset(learner.id());
        }
    }

    @Test
    void helloWorldRunsFromTheOfflineRegistry() {
        String out = terminal().run("docker run --rm hello-world; dockerlab-engine logs | tail -20", SLOW);
        assertThat(out).contains("Hello from Docker!");
    }

    @Test
    void aPublishedNginxAnswersThroughThePreviewForItsLearnerOnly() {
        TerminalClient t = terminal();
        assertThat(t.run("docker run -d --name web -p 8080:80 nginx >/dev/null && echo started")).endsWith("started");
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/preview/8080/")
                .then().statusCode(200).body(containsString("Welcome to nginx!"));
    }
}
