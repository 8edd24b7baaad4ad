package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code dockerlab.sandbox.runtime=runsc}: the same terminal, on gVisor's own kernel instead of the host's. */
@QuarkusTest
@Needs(OptionalPart.GVISOR)
@TestProfile(GvisorRuntimeTest.Runsc.class)
class GvisorRuntimeTest {

    public static class Runsc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.runtime", "runsc", "dockerlab.sandbox.instance", "gvisor-${quarkus.uuid}");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    Engine engine;

    @Test
    void aSandboxOnGvisorGivesTheSameTerminalOnASeparateKernel() {
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base)) {
            terminal.await("learner@sandbox");
            String sandboxKernel = terminal.run("uname -r");
            String hostKernel = engine.client().infoCmd().exec().getKernelVersion();
            assertThat(sandboxKernel).as("gVisor answers with its own kernel").isNotBlank().isNotEqualTo(hostKernel);
            assertThat(terminal.run("echo $((2+3)) $(id -u)")).isEqualTo("5 1000");
            String id = sandboxes.find(learner.id()).orElseThrow().containerId();
            assertThat(engine.client().inspectContainerCmd(id).exec().getHostConfig().getRuntime()).isEqualTo("runsc");
        } finally {
            sandboxes.reset(learner.id());
        }
    }
}
