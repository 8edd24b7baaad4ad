package dev.dockerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * deploy/setup.sh on a machine in use: a learner's Docker-enabled sandbox runs a rootless dockerd
 * of its own, which the host's `pidof dockerd` also sees. The set-up must find, and only ever
 * signal, the host's engine, and running it again must leave the learner's engine alone.
 */
@QuarkusTest
@TestProfile(DockerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(Exclusive.TAG)
class SetupWithLearnersOnlineTest {

    private static final Duration SLOW = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;
    private TerminalClient terminal;
    private long innerDockerd;

    @BeforeAll
    void aLearnerIsUsingTheirOwnEngine() {
        learner = Learner.arrive(base);
        terminal = learner.terminal(base);
        terminal.await("learner@sandbox", Duration.ofSeconds(30));
        assertThat(terminal.run("docker info --format '{{.ServerVersion}}' >/dev/null && echo engine-up", SLOW)).endsWith("engine-up");
        innerDockerd = innerDockerdPid();
    }

    @AfterAll
    void leave() {
        if (terminal != null) {
            terminal.close();
            sandboxes.reset(learner.id());
        }
    }

    @Test
    @Order(1)
    void theEngineSetupFindsIsTheHostsNeverTheLearnersInnerOne() throws Exception {
        String found = shell("source deploy/setup.sh && local_dockerd_pid").strip();
        assertThat(found).as("setup.sh finds a local dockerd").matches("\\d+");
        assertThat(Long.parseLong(found)).as("the pid setup.sh would signal is not the learner's inner dockerd")
                .isNotEqualTo(innerDockerd);
        assertThat(Files.readString(Path.of("/proc", found, "comm")).strip()).isEqualTo("dockerd");
        assertThat(Files.readSymbolicLink(Path.of("/proc", found, "ns", "pid")))
                .as("the dockerd it found shares the host's pid namespace")
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));

        String withoutPidFile = shell("source deploy/setup.sh && DOCKERD_PIDFILE=/nonexistent local_dockerd_pid").strip();
        assertThat(withoutPidFile).as("without a pid file the search still skips the learner's engine").isEqualTo(found);
    }

    @Test
    @Order(2)
    void runningTheSetupAgainLeavesTheLearnersEngineRunning() throws Exception {
        shell("bash deploy/setup.sh");
        assertThat(innerDockerdPid()).as("the learner's inner dockerd is the same process after set-up ran").isEqualTo(innerDockerd);
        assertThat(terminal.run("docker run --rm hello-world 2>&1 | grep -m1 Hello", SLOW)).contains("Hello from Docker!");
    }

    /** The host's pid of the rootless dockerd running in the learner's sandbox, as the engine reports its processes. */
    private long innerDockerdPid() {
        String id = sandboxes.find(learner.id()).orElseThrow().containerId();
        List<String[]> processes = List.of(HostDocker.client().topContainerCmd(id).withPsArgs("-eo pid,comm").exec().getProcesses());
        return processes.stream().filter(p -> p.length >= 2 && p[1].equals("dockerd")).mapToLong(p -> Long.parseLong(p[0]))
                .findFirst().orElseThrow(() -> new AssertionError("no dockerd in the learner's sandbox: "
                        + processes.stream().map(p -> String.join(" ", p)).toList()));
    }

    private static String shell(String script) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        byte[] out = bash.getInputStream().readAllBytes();
        assertThat(bash.waitFor(5, TimeUnit.MINUTES)).as("%s finishes", script).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as("%s exits 0; it printed:%n%s", script, text).isZero();
        return text;
    }
}
