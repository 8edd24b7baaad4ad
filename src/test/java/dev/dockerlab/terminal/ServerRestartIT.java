package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;

/**
 * The packaged server, killed with SIGKILL mid-session and started again: the learner's browser
 * reconnects to the same shell, with the same screen and files, and nothing is duplicated.
 */
class ServerRestartIT {

    private static final String INSTANCE = "restart-it";

    private final Engine engine = new Engine();
    private Process server;
    private final int port = freePort();
    private final URI base = URI.create("http://localhost:" + port + "/");

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
        for (Container c : containers()) {
            engine.client().removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    @Test
    void afterKillDashNineTheLearnerReturnsToTheSameShellWithTheSameScreenAndFiles() throws Exception {
        server = start();
        Learner learner = Learner.arrive(base);
        try (TerminalClient before = learner.terminal(base)) {
            before.await("learner@sandbox");
            before.type("export KEEP=alive-77; echo content > ~/f; echo before-kill-marker\r");
            before.await("before-kill-marker\\r?\\n.*before-kill-marker");

            server.destroyForcibly().waitFor();
            assertThat(before.awaitClose(Duration.ofSeconds(10))).as("the browser sees the connection drop").isEqualTo(1006);
        }

        server = start();
        try (TerminalClient after = learner.terminal(base)) {
            after.await("before-kill-marker");
            assertThat(after.run("echo $KEEP $(cat ~/f)")).isEqualTo("alive-77 content");

            assertThat(containers()).as("the restarted server adopted the sandbox, it made no second one").hasSize(1);
            String id = containers().get(0).getId();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    InContainer.asLearner(engine.client(), id,
                            "ps -e -o ppid=,args= | grep -c '^ *0 tmux -u new-session'").output())
                    .as("the dead server's tmux client was hung up; only the new one is attached").isEqualTo("1"));
        }
    }

    private java.util.List<Container> containers() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.managed", "true", "dockerlab.instance", INSTANCE)).exec();
    }

    private Process start() throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("the packaged server (mvn package)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java,
                "-Dquarkus.http.port=" + port,
                "-Ddockerlab.sandbox.instance=" + INSTANCE,
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/restart-it-server.log"))
                .start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ready(process));
        return process;
    }

    private boolean ready(Process process) {
        if (!process.isAlive()) {
            throw new AssertionError("the server exited with " + process.exitValue() + "; see target/restart-it-server.log");
        }
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
