package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SandboxLifecycleTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    Engine engine;

    @Inject
    SandboxNames names;

    @Inject
    EndedEvents ended;

    @Inject
    LiveSandboxes live;

    @Inject
    SandboxConfig config;

    @Inject
    TestClock clock;

    private final List<LearnerId> learners = new ArrayList<>();

    @ApplicationScoped
    static class EndedEvents {
        private final List<SandboxEnded> seen = new CopyOnWriteArrayList<>();

        void on(@Observes SandboxEnded event) {
            seen.add(event);
        }

        List<SandboxEnded> seen() {
            return seen;
        }

        /** What happened to these learners' sandboxes (other test classes share the server). */
        List<SandboxEnded> of(LearnerId... learners) {
            List<String> hashes = java.util.Arrays.stream(learners).map(LearnerId::hash).toList();
            return seen.stream().filter(e -> hashes.contains(e.learnerHash())).toList();
        }
    }

    @BeforeEach
    void clearEvents() {
        ended.seen().clear();
    }

    @AfterEach
    void cleanUp() {
        clock.useSystemTime();
        learners.forEach(sandboxes::reset);
    }

    private LearnerId newLearner() {
        LearnerId id = LearnerId.generate();
        learners.add(id);
        return id;
    }

    @Test
    void firstUseCreatesOneLabelledSandboxAndLaterUsesReuseIt() {
        LearnerId learner = newLearner();
        Sandbox first = sandboxes.acquire(learner);
        Sandbox again = sandboxes.acquire(learner);

        assertThat(again.containerId()).isEqualTo(first.containerId());
        InspectContainerResponse inspect = engine.client().inspectContainerCmd(first.containerId()).exec();
        assertThat(inspect.getName()).startsWith("/dockerlab-test-").isEqualTo("/" + names.of(learner.hash()))
                .as("the name does not give the learner away").doesNotContain(learner.hash());
        assertThat(inspect.getConfig().getLabels())
                .containsEntry("dockerlab.managed", "true")
                .containsEntry("dockerlab.learner", learner.hash())
                .containsEntry("dockerlab.role", "sandbox");
        assertThat(inspect.getState().getRunning()).isTrue();
        assertThat(inspect.getConfig().getLabels().values()).noneMatch(v -> v.contains(learner.value()));
    }

    @Test
    void everyHardeningSettingReadsBackFromTheEngine() {
        Sandbox sandbox = sandboxes.acquire(newLearner());
        InspectContainerResponse inspect = engine.client().inspectContainerCmd(sandbox.containerId()).exec();
        HostConfig host = inspect.getHostConfig();

        assertThat(host.getCapDrop()).as("all capabilities dropped").containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).as("none added back").isNullOrEmpty();
        assertThat(host.getSecurityOpts()).as("no new privileges").contains("no-new-privileges:true");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getMemory()).as("memory").isEqualTo(512L << 20);
        assertThat(host.getMemorySwap()).as("no swap beyond memory").isEqualTo(512L << 20);
        assertThat(host.getNanoCPUs()).as("cpu quota").isEqualTo(1_000_000_000L);
        assertThat(host.getPidsLimit()).as("pids limit").isEqualTo(256L);
        assertThat(host.getInit()).as("init process").isTrue();
        assertThat(host.getLogConfig().getType().getType()).isEqualTo("json-file");
        assertThat(host.getLogConfig().getConfig()).containsEntry("max-size", "1m").containsEntry("max-file", "1");
        assertThat(host.getReadonlyRootfs()).as("read-only image").isTrue();
        assertThat(host.getTmpFs()).containsKeys("/home/learner", "/tmp", "/run");
        assertThat(host.getTmpFs().get("/home/learner")).contains("size=256m", "nosuid", "nodev");
        assertThat(host.getBinds()).as("no host mounts").isNullOrEmpty();
        assertThat(inspect.getMounts()).as("no volumes or binds").isNullOrEmpty();
        assertThat(host.getDevices()).as("no host devices").isNullOrEmpty();
        assertThat(host.getNetworkMode()).as("started on no network, then moved to its own").isEqualTo("none");
        assertThat(joined(sandbox)).as("own bridge, not the host network").isNotNull();
        assertThat(engine.client().inspectContainerCmd(sandbox.containerId()).exec().getNetworkSettings().getNetworks())
                .as("on its own bridge only").containsOnlyKeys(config.network());
        assertThat(host.getPidMode()).as("own PID namespace").isNullOrEmpty();
        assertThat(host.getIpcMode()).isNotEqualTo("host");
        assertThat(inspect.getConfig().getUser()).as("never root").isEqualTo("1000:1000");

        var network = engine.client().inspectNetworkCmd().withNetworkId(config.network()).exec();
        assertThat(network.getOptions()).as("sandboxes cannot talk to each other")
                .containsEntry("com.docker.network.bridge.enable_icc", "false");
    }

    @Test
    void insideTheSandboxTheLearnerIsPlainUser1000WithNoWayUp() {
        Sandbox sandbox = sandboxes.acquire(newLearner());
        var docker = engine.client();
        assertThat(InContainer.asLearner(docker, sandbox.containerId(), "id -u; grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status | awk '{print $2}' | sort -u; grep NoNewPrivs /proc/self/status | awk '{print $2}'").output())
                .isEqualTo("1000\n0000000000000000\n1");
        assertThat(InContainer.asLearner(docker, sandbox.containerId(), "find / -xdev -perm /6000 -type f 2>/dev/null | head -5").output())
                .as("no setuid or setgid binaries").isEmpty();
        assertThat(InContainer.asLearner(docker, sandbox.containerId(), "touch /etc/x 2>&1; touch ~/ok && echo home-writable").output())
                .contains("Read-only file system").contains("home-writable");
    }

    @Test
    void aSandboxJoinsItsNetworkAfterStartingAndTheReconcileMendsAMissedJoin() {
        Sandbox sandbox = sandboxes.acquire(newLearner());
        joined(sandbox);
        var docker = engine.client();
        // as if the join had failed: off its network, on none
        docker.disconnectFromNetworkCmd().withNetworkId(config.network()).withContainerId(sandbox.containerId())
                .withForce(true).exec();
        docker.connectToNetworkCmd().withNetworkId("none").withContainerId(sandbox.containerId()).exec();
        assertThat(docker.inspectContainerCmd(sandbox.containerId()).exec().getNetworkSettings().getNetworks())
                .containsOnlyKeys("none");
        sandboxes.reconcile();
        joined(sandbox);
        assertThat(docker.inspectContainerCmd(sandbox.containerId()).exec().getNetworkSettings().getNetworks())
                .containsOnlyKeys(config.network());
        assertThat(InContainer.asLearner(docker, sandbox.containerId(),
                "curl -s -m 10 -o /dev/null -w '%{http_code}' http://deb.debian.org/debian/dists/bookworm/Release").output())
                .as("the outside is reachable again").isEqualTo("200");
    }

    /** Waits for the sandbox to be on its network (it joins right after starting) and answers its settings there. */
    private com.github.dockerjava.api.model.ContainerNetwork joined(Sandbox sandbox) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> engine.client().inspectContainerCmd(sandbox.containerId()).exec().getNetworkSettings()
                        .getNetworks().get(config.network()), java.util.Objects::nonNull);
    }

    @Test
    void sandboxesReachTheOutsideButNeitherEachOtherNorTheHost() {
        Sandbox a = sandboxes.acquire(newLearner());
        Sandbox b = sandboxes.acquire(newLearner());
        joined(a);
        var settings = joined(b);
        String ipOfB = settings.getIpAddress();
        String host = settings.getGateway();
        var docker = engine.client();
        assertThat(InContainer.asLearner(docker, a.containerId(),
                "curl -s -m 10 -o /dev/null -w '%{http_code}' http://deb.debian.org/debian/dists/bookworm/Release").output())
                .as("control: the outside (the Debian mirror) is reachable").isEqualTo("200");
        assertThat(InContainer.asLearner(docker, a.containerId(), "ping -c2 -W1 " + ipOfB + " >/dev/null && echo reached || echo blocked").output())
                .as("another learner's sandbox").isEqualTo("blocked");
        assertThat(InContainer.asLearner(docker, a.containerId(),
                "curl -s -m 3 -o /dev/null http://" + host + ":" + base.getPort() + "/ && echo reached || echo blocked").output())
                .as("this server's own port on the host").isEqualTo("blocked");
        assertThat(InContainer.asLearner(docker, a.containerId(), "ping -c1 -W1 " + host + " >/dev/null && echo reached || echo blocked").output())
                .as("the host itself").isEqualTo("blocked");
    }

    @Test
    void aRestartedServerAdoptsTheSandboxesItFinds() {
        LearnerId learner = newLearner();
        Sandbox before = sandboxes.acquire(learner);
        InContainer.asLearner(engine.client(), before.containerId(), "echo kept > ~/file");

        // what a restarted server knows before it looks at the engine: nothing
        live.forgetAll();
        assertThat(sandboxes.find(learner)).isEmpty();
        sandboxes.reload();

        Sandbox after = sandboxes.acquire(learner);
        assertThat(after.containerId()).isEqualTo(before.containerId());
        assertThat(after.createdAt()).as("max lifetime counts from the real creation").isEqualTo(before.createdAt());
        assertThat(InContainer.asLearner(engine.client(), after.containerId(), "cat ~/file").output()).isEqualTo("kept");
    }

    @Test
    void anIdleSandboxIsReapedAndABusyOneIsNot() {
        LearnerId idle = newLearner();
        LearnerId busy = newLearner();
        Sandbox idleBox = sandboxes.acquire(idle);
        Sandbox busyBox = sandboxes.acquire(busy);
        Instant later = Instant.now().plus(config.idleTimeout()).plusSeconds(1);

        // the busy learner typed just before "later"
        clock.stopAt(later.minusSeconds(5));
        sandboxes.touch(busy.hash());
        clock.useSystemTime();
        sandboxes.reapExpired(later);

        assertGone(idleBox.containerId());
        assertThat(sandboxes.find(busy)).isPresent();
        assertThat(engine.client().inspectContainerCmd(busyBox.containerId()).exec().getState().getRunning()).isTrue();
        assertThat(ended.of(idle, busy)).containsExactly(new SandboxEnded(idle.hash(), SandboxEnded.Reason.IDLE));
    }

    @Test
    void noSandboxOutlivesTheMaxLifetimeEvenWhenBusy() {
        LearnerId learner = newLearner();
        Sandbox sandbox = sandboxes.acquire(learner);
        Instant end = sandbox.createdAt().plus(config.maxLifetime()).plusSeconds(1);
        clock.stopAt(end);
        sandboxes.touch(learner.hash());
        clock.useSystemTime();

        sandboxes.reapExpired(end.minusSeconds(2));
        assertThat(sandboxes.find(learner)).as("not yet").isPresent();
        sandboxes.reapExpired(end);

        assertGone(sandbox.containerId());
        assertThat(ended.of(learner)).containsExactly(new SandboxEnded(learner.hash(), SandboxEnded.Reason.MAX_LIFETIME));
    }

    @Test
    void aSandboxRemovedOutsideTheServerIsNoticedAndReplacedOnNextUse() {
        LearnerId learner = newLearner();
        Sandbox first = sandboxes.acquire(learner);
        engine.client().removeContainerCmd(first.containerId()).withForce(true).exec();

        sandboxes.reconcile();

        assertThat(sandboxes.find(learner)).isEmpty();
        assertThat(ended.of(learner)).containsExactly(new SandboxEnded(learner.hash(), SandboxEnded.Reason.GONE));
        assertThat(sandboxes.acquire(learner).containerId()).isNotEqualTo(first.containerId());
    }

    @Test
    void aSandboxTheEngineCouldNotRemoveAtOnceIsSetAsideAndTheReaperFinishesIt() {
        LearnerId learner = newLearner();
        Sandbox first = sandboxes.acquire(learner);
        // what removal does when the engine's kill times out: the sandbox leaves its learner's name
        String instance = engine.client().inspectContainerCmd(first.containerId()).exec().getConfig().getLabels()
                .get("dockerlab.instance");
        engine.client().renameContainerCmd(first.containerId()).withName("dockerlab-" + instance + "-removing-1").exec();

        sandboxes.reconcile();

        assertGone(first.containerId());
        assertThat(sandboxes.acquire(learner).containerId()).as("the learner gets a fresh sandbox under their name")
                .isNotEqualTo(first.containerId());
    }

    @Test
    void manyParallelFirstUsesOfOneLearnerMakeExactlyOneSandbox() throws Exception {
        LearnerId learner = newLearner();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<java.util.concurrent.Future<Sandbox>>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> sandboxes.acquire(learner)));
            }
            for (var f : futures) {
                assertThat(f.get().containerId()).isEqualTo(futures.get(0).get().containerId());
            }
        }
        long count = engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("dockerlab.learner", learner.hash())).exec().size();
        assertThat(count).isEqualTo(1);
    }

    private void assertGone(String containerId) {
        assertThatThrownBy(() -> engine.client().inspectContainerCmd(containerId).exec())
                .isInstanceOf(NotFoundException.class);
    }
}
