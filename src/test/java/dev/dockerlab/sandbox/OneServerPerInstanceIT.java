package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.ServerProcess;
import dev.dockerlab.support.TerminalClient;

/** A second server started by mistake for an instance a live server owns: it refuses, and says whose it is. */
class OneServerPerInstanceIT {

    private ServerProcess first;
    private ServerProcess second;
    private String instance;

    @AfterEach
    void cleanUp() {
        ServerProcess.closeAll(instance, first, second);
    }

    @Test
    void aSecondServerOfOneInstanceRefusesToStartAndNamesTheOwnerAndAKilledOwnerDoesNotBlockTheNext() throws Exception {
        instance = "owner-it-" + Long.toHexString(System.nanoTime());
        int port = ServerProcess.freePort();
        first = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);
        Learner learner = Learner.arrive(first.base());
        try (TerminalClient terminal = learner.terminal(first.base())) {
            terminal.await("learner@sandbox");
        }

        second = ServerProcess.launch(instance + "-second", ServerProcess.freePort(), Map.of(),
                "-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.docker.gate-port=" + ServerProcess.freePort());
        assertThat(second.awaitExit(Duration.ofSeconds(60))).as("the second server refuses to start").isNotZero();
        assertThat(second.log()).as("it names the owner and how to run another")
                .contains("Instance \"" + instance + "\" on this Docker engine belongs to the server on")
                .contains("with pid " + first.pid() + ", port " + port + ", since ")
                .contains("-Ddockerlab.sandbox.instance=<name>");
        assertThat(second.log()).as("one line says it, no stack trace buries it")
                .doesNotContain("Failed to start application").doesNotContain("\tat ")
                .containsOnlyOnce("belongs to the server on");

        assertThat(first.readyStatus()).as("the owner carries on").isEqualTo(200);
        try (TerminalClient terminal = learner.terminal(first.base())) {
            assertThat(terminal.run("echo still-here")).isEqualTo("still-here");
        }

        first.kill();
        // the same data folder as the first: its learner cookies stay valid
        second = ServerProcess.start(instance, port, Map.of(), "-Ddockerlab.sandbox.instance=" + instance);
        try (TerminalClient terminal = learner.terminal(second.base())) {
            assertThat(terminal.run("echo taken-over")).as("a server killed with -9 leaves no lock behind").isEqualTo("taken-over");
        }

        second.stop();
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.instance", instance, "dockerlab.role", "owner")).exec())
                .as("a normal stop takes its owner container with it").isEmpty();
    }
}
