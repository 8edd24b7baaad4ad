package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(CapacityTest.TwoSandboxes.class)
class CapacityTest {

    public static class TwoSandboxes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.max-sandboxes", "2", "dockerlab.sandbox.instance", "capacity");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    Engine engine;

    private final LearnerId first = LearnerId.generate();
    private final LearnerId second = LearnerId.generate();
    private Learner third;

    @AfterEach
    void cleanUp() {
        sandboxes.reset(first);
        sandboxes.reset(second);
        if (third != null) {
            sandboxes.reset(third.id());
        }
    }

    @Test
    void beyondMaxSandboxesANewLearnerIsToldTheServerIsFullAndNothingIsHalfCreated() {
        sandboxes.acquire(first);
        sandboxes.acquire(second);

        assertThatThrownBy(() -> sandboxes.acquire(LearnerId.generate()))
                .isInstanceOf(SandboxException.AtCapacity.class)
                .hasMessageContaining("at capacity").hasMessageContaining("max-sandboxes");

        third = Learner.arrive(base);
        try (TerminalClient terminal = third.terminal(base)) {
            assertThat(terminal.awaitClose(Duration.ofSeconds(10))).isEqualTo(4001);
            assertThat(terminal.textMessages()).anyMatch(t -> t.contains("\"error\"") && t.contains("at capacity"));
        }
        assertThat(managedContainers()).as("only the two real sandboxes exist").isEqualTo(2);

        // a learner who already has a sandbox still gets in when the server is full
        assertThat(sandboxes.acquire(first)).isNotNull();
        sandboxes.reset(second);
        assertThat(sandboxes.acquire(third.id())).as("a freed place is usable at once").isNotNull();
    }

    private int managedContainers() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.managed", "true", "dockerlab.instance", "capacity")).exec().size();
    }
}
