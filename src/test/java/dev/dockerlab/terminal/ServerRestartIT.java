package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.support.EngineProxy;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.ServerProcess;
import dev.dockerlab.support.TerminalClient;

/** The packaged server as its own process, under the failures a real deployment meets. */
class ServerRestartIT {

    private ServerProcess server;
    private EngineProxy proxy;
    private String instance;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        containers().forEach(c -> HostDocker.client().removeContainerCmd(c.getId()).withForce(true).exec());
        if (instance != null) {
            // the container that marks this instance's owner, left behind by a server killed with -9
            HostDocker.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("dockerlab.instance", instance, "dockerlab.role", "owner")).exec()
                    .forEach(c -> HostDocker.client().removeContainerCmd(c.getId()).withForce(true).exec());
        }
    }

    @Test
    void afterKillDashNineTheLearnerReturnsToTheSameShellWithTheSameScreenAndFiles() throws Exception {
        instance = "restart-it-" + Long.toHexString(System.nanoTime());
        int port = ServerProcess.freePort();
        server = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);
        Learner learner = Learner.arrive(server.base());
        try (TerminalClient before = learner.terminal(server.base())) {
            before.await("learner@sandbox");
            before.type("export KEEP=alive-77; echo content > ~/f; echo before-kill-marker\r");
            before.await("before-kill-marker\\r?\\n.*before-kill-marker");

            server.kill();
            assertThat(before.awaitClose(Duration.ofSeconds(10))).as("the browser sees the connection drop").isEqualTo(1006);
        }

        server = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);
        try (TerminalClient after = learner.terminal(server.base())) {
            after.await("before-kill-marker");
            assertThat(after.run("echo $KEEP $(cat ~/f)")).isEqualTo("alive-77 content");

            assertThat(containers()).as("the restarted server adopted the sandbox, it made no second one").hasSize(1);
            String id = containers().get(0).getId();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    InContainer.attachedClients(HostDocker.client(), id))
                    .as("the dead server's attach was hung up; only the new one is attached").isEqualTo("1\n1"));
        }
    }

    @Test
    void whenTheEngineGoesAwayTheLearnerIsToldAtOnceAndGetsTheSameShellWhenItIsBack() {
        instance = "outage-it-" + Long.toHexString(System.nanoTime());
        proxy = new EngineProxy(ServerProcess.freePort());
        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of("DOCKER_HOST", proxy.dockerHost()),
                "-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.sandbox.network=dockerlab-it-sandboxes");
        Learner learner = Learner.arrive(server.base());
        try (TerminalClient terminal = learner.terminal(server.base())) {
            terminal.await("learner@sandbox");
            terminal.type("echo before-outage-marker\r");
            terminal.await("before-outage-marker\\r?\\n.*before-outage-marker");

            proxy.cut();
            assertThat(terminal.awaitClose(Duration.ofSeconds(10))).as("no hang: a clear close code").isEqualTo(4002);
            assertThat(terminal.textMessages()).anyMatch(t -> t.contains("\"error\"") && t.contains("Docker engine"));
        }
        try (TerminalClient during = learner.terminal(server.base())) {
            assertThat(during.awaitClose(Duration.ofSeconds(10))).as("a new attempt during the outage").isEqualTo(4002);
        }
        assertThat(server.readyStatus()).as("not ready while the engine is away").isEqualTo(503);

        proxy.restore();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.readyStatus() == 200);
        try (TerminalClient back = learner.terminal(server.base())) {
            back.await("before-outage-marker");
            assertThat(back.run("echo same-shell")).isEqualTo("same-shell");
        }
    }

    @Test
    void aStoppedServerTakesItsUnclaimedWarmSandboxesWithItAndKeepsTheLearners() {
        instance = "pool-it-" + Long.toHexString(System.nanoTime());
        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of(),
                "-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.sandbox.pool-size=2");
        Learner learner = Learner.arrive(server.base());
        try (TerminalClient terminal = learner.terminal(server.base())) {
            terminal.await("learner@sandbox");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unclaimed().size() == 2);

        server.stop();

        assertThat(unclaimed()).as("warm sandboxes nobody claimed are removed with the server").isEmpty();
        assertThat(containers()).as("the learner's sandbox stays for the next server").hasSize(1);
    }

    private List<Container> unclaimed() {
        return containers().stream().filter(c -> c.getNames()[0].startsWith("/dockerlab-" + instance + "-pool-")).toList();
    }

    private List<Container> containers() {
        if (instance == null) {
            return List.of();
        }
        return HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.managed", "true", "dockerlab.instance", instance)).exec();
    }
}
