package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(WarmPoolTest.PoolOfTwo.class)
class WarmPoolTest {

    public static class PoolOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.pool-size", "2", "dockerlab.sandbox.instance", "warm-" + Long.toHexString(System.nanoTime()));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    SandboxConfig config;

    @Inject
    Engine engine;

    @Inject
    SandboxNames names;

    private final List<LearnerId> learners = new ArrayList<>();

    @BeforeEach
    void poolIsFull() {
        // each pool sandbox is made and warmed (its shell started) in turn: seconds when idle, a
        // minute and more on a 2-core machine busy with other work
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.pooled() == 2 && unclaimed().size() == 2);
    }

    @AfterEach
    void cleanUp() {
        learners.forEach(sandboxes::reset);
    }

    private LearnerId newLearner() {
        LearnerId id = LearnerId.generate();
        learners.add(id);
        return id;
    }

    @Test
    void aNewLearnerGetsAWarmSandboxUnderTheirOwnNameAndThePoolRefills() {
        Set<String> warm = ids(unclaimed());
        LearnerId learner = newLearner();

        Sandbox sandbox = sandboxes.acquire(learner);

        assertThat(warm).as("it came from the pool").contains(sandbox.containerId());
        assertThat(engine.client().inspectContainerCmd(sandbox.containerId()).exec().getName())
                .isEqualTo("/" + names.of(learner.hash()));
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.pooled() == 2 && unclaimed().size() == 2);
        assertThat(ids(unclaimed())).doesNotContain(sandbox.containerId());
    }

    @Test
    void theWarmSandboxHasItsShellAndItsFirstTerminalReadyBeforeTheLearnerArrives() {
        for (Container c : unclaimed()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    InContainer.attachedClients(engine.client(), c.getId()))
                    .as("a shell and one attach prepared for the first terminal").isEqualTo("1\n1"));
        }
        Learner learner = Learner.arrive(base);
        learners.add(learner.id());
        String id;
        try (TerminalClient terminal = TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(),
                "cols=100&rows=33")) {
            terminal.await("learner@sandbox");
            assertThat(terminal.run("stty size")).as("the browser's size reached the prepared attach").isEqualTo("33 100");
            assertThat(terminal.run("echo warm")).isEqualTo("warm");
            id = sandboxes.find(learner.id()).orElseThrow().containerId();
            assertThat(InContainer.attachedClients(engine.client(), id)).as("the prepared attach is the terminal's")
                    .isEqualTo("1\n1");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                InContainer.attachedClients(engine.client(), id)).as("a closed tab leaves no attach").isEqualTo("0\n0"));
    }

    @Test
    void parallelNewLearnersNeverShareASandbox() throws Exception {
        List<Future<Sandbox>> claims = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                LearnerId learner = newLearner();
                claims.add(pool.submit(() -> sandboxes.acquire(learner)));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<Sandbox> claim : claims) {
            ids.add(claim.get().containerId());
        }
        assertThat(ids).as("eight learners, eight sandboxes").hasSize(8);
    }

    @Test
    void aRestartedServerKnowsClaimedPoolSandboxesByNameAndTakesTheUnclaimedBack() {
        LearnerId learner = newLearner();
        Sandbox claimed = sandboxes.acquire(learner);
        // settled: the refill has made and warmed its sandbox
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.pooled() == 2 && unclaimed().size() == 2);

        // as a restarted server: forgets everything, then adopts what the engine holds
        sandboxes.reload();

        assertThat(sandboxes.acquire(learner).containerId()).isEqualTo(claimed.containerId());
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> sandboxes.pooled() == 2 && unclaimed().size() == 2);
    }

    private List<Container> unclaimed() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.instance", config.instance(), "dockerlab.learner", "pool")).exec()
                .stream().filter(c -> c.getNames()[0].startsWith("/dockerlab-" + config.instance() + "-pool-")).toList();
    }

    private static Set<String> ids(List<Container> containers) {
        Set<String> ids = new HashSet<>();
        containers.forEach(c -> ids.add(c.getId()));
        return ids;
    }
}
