package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The warm pool of Docker-enabled sandboxes ({@code dockerlab.docker.pool-size}): one kept ready,
 * its engine answering before anyone claims it; the learner who claims it gets what a sandbox made
 * for them would be; a stopping server takes the unclaimed one and its storage away.
 */
@QuarkusTest
@TestProfile(DockerPoolTest.DockerPoolOfOne.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerPoolTest {

    public static class DockerPoolOfOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.docker.pool-size", "1", "dockerlab.lessons.dir", "src/test/resources/test-lessons",
                    "dockerlab.sandbox.instance", "dpool-" + Long.toHexString(System.nanoTime()));
        }
    }

    private static final Duration SLOW = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    SandboxConfig config;

    @Inject
    SandboxNames names;

    @Inject
    SandboxExec exec;

    @Test
    @Order(1)
    void aClaimedPoolSandboxIsTheLearnersOwnAndRunsHelloWorldFromTheirTerminal() {
        Container warm = readyPoolSandbox();
        String poolName = nameOf(warm);
        assertThat(warm.getLabels()).containsEntry("dockerlab.profile", "docker");
        assertThat(InContainer.asLearner(HostDocker.client(), warm.getId(), "/usr/bin/docker version --format '{{.Server.Version}}'")
                .output().strip()).as("its engine answers before anyone claims it").isNotEmpty();
        assertThat(InContainer.asLearner(HostDocker.client(), warm.getId(), "ps -e -o comm= | grep -c '^dockerlab-shell$' || true")
                .output().strip()).as("no shell before its learner's claim").isEqualTo("0");

        Learner learner = Learner.arrive(base);
        String hash = learner.id().hash();
        try (TerminalClient t = TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(), "lesson=docker-basics")) {
            t.await("learner@sandbox", Duration.ofSeconds(30));
            Sandbox sandbox = sandboxes.find(learner.id()).orElseThrow();
            assertThat(sandbox.containerId()).as("the lesson's terminal took the pool's sandbox").isEqualTo(warm.getId());
            assertThat(HostDocker.client().inspectContainerCmd(sandbox.containerId()).exec().getName())
                    .isEqualTo("/" + names.of(hash));
            assertThat(sandboxes.profileOf(learner.id())).contains(SandboxProfile.DOCKER);
            assertThat(t.run("echo $DOCKERLAB_PUSH_PREFIX")).as("the shell knows whose it is").endsWith("/" + hash);
            assertThat(t.run("hostname")).isEqualTo(Hardening.HOSTNAME);
            assertThat(t.run("docker run --rm hello-world 2>&1 | grep -m1 Hello", SLOW)).contains("Hello from Docker!");
            assertThat(exec.run(sandbox, LearnerCommand.of("/bin/sh", "-c", "echo $DOCKERLAB_PUSH_PREFIX")).output().strip())
                    .as("a check in it knows too").endsWith("/" + hash);
        }
        Awaitility.await().atMost(SLOW).until(() -> sandboxes.pooled(SandboxProfile.DOCKER) == 1);

        sandboxes.reset(learner.id());
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(warm.getId())).exec()).isEmpty();
        assertThat(volumes()).as("its storage, found by label under its pool name, went with it")
                .doesNotContain(poolName + "-docker");
    }

    @Test
    @Order(2)
    void aStoppingServerRemovesItsUnclaimedPoolSandboxesAndTheirStorage() {
        Container warm = readyPoolSandbox();
        assertThat(volumes()).contains(nameOf(warm) + "-docker");

        // what the server does when it stops (the last test of this class: the pool is closed after it)
        sandboxes.onStop(null);

        assertThat(unclaimed()).as("no pool sandbox left").isEmpty();
        assertThat(volumes()).as("nor its storage").doesNotContain(nameOf(warm) + "-docker");
    }

    /** The pool's one sandbox, once it is ready (its engine warmed). */
    private Container readyPoolSandbox() {
        Awaitility.await().atMost(SLOW).until(() -> sandboxes.pooled(SandboxProfile.DOCKER) == 1 && unclaimed().size() == 1);
        return unclaimed().get(0);
    }

    private List<Container> unclaimed() {
        return HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.instance", config.instance(), "dockerlab.learner", "pool")).exec()
                .stream().filter(c -> nameOf(c).startsWith("dockerlab-" + config.instance() + "-pool-")).toList();
    }

    private static List<String> volumes() {
        var listed = HostDocker.client().listVolumesCmd().exec().getVolumes();
        return listed == null ? List.of() : listed.stream().map(v -> v.getName()).toList();
    }

    private static String nameOf(Container c) {
        return c.getNames()[0].substring(1);
    }
}
