package dev.dockerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What a learner with their own Docker engine might try, typed as they would, each outcome
 * checked from the host afterwards. The server runs with {@code dockerlab.sandbox.profile=docker}.
 */
@QuarkusTest
@TestProfile(DockerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerAttacksTest {

    private static final Duration SLOW = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    Engine engine;

    private Learner mallory;
    private Learner alice;
    private TerminalClient malloryTerminal;
    private TerminalClient aliceTerminal;

    private TerminalClient mallory() {
        if (malloryTerminal == null) {
            mallory = Learner.arrive(base);
            malloryTerminal = TerminalClient.open(base, mallory.cookie(), "http://" + base.getAuthority(), "");
            malloryTerminal.await("learner@sandbox", Duration.ofSeconds(30));
        }
        return malloryTerminal;
    }

    private TerminalClient alice() {
        if (aliceTerminal == null) {
            alice = Learner.arrive(base);
            aliceTerminal = TerminalClient.open(base, alice.cookie(), "http://" + base.getAuthority(), "");
            aliceTerminal.await("learner@sandbox", Duration.ofSeconds(30));
        }
        return aliceTerminal;
    }

    private String sandboxId(Learner learner) {
        return sandboxes.find(learner.id()).orElseThrow().containerId();
    }

    @AfterAll
    void cleanUp() {
        for (var pair : java.util.Map.of("m", java.util.Optional.ofNullable(malloryTerminal), "a", java.util.Optional.ofNullable(aliceTerminal)).values()) {
            pair.ifPresent(TerminalClient::close);
        }
        for (Learner l : new Learner[] {mallory, alice}) {
            if (l != null) {
                sandboxes.reset(l.id());
            }
        }
        assertThat(engine.client().listVolumesCmd().withFilter("label", java.util.List.of("dockerlab.role=engine-storage")).exec()
                .getVolumes()).as("no inner engine storage is left behind")
                .noneMatch(v -> (mallory != null && v.getLabels().get("dockerlab.learner").equals(mallory.id().hash()))
                        || (alice != null && v.getLabels().get("dockerlab.learner").equals(alice.id().hash())));
    }

    @Test
    void theOperatorDefaultGivesEverySandboxDockerAndEveryExecRunsAsTheLearner() {
        assertThat(mallory().run("id -u; id -g; docker version --format '{{.Server.Version}}'", SLOW)).startsWith("1000\n1000\n20.10");
        var inspect = engine.client().inspectContainerCmd(sandboxId(mallory)).exec();
        assertThat(inspect.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(inspect.getHostConfig().getPrivileged()).isFalse();
        assertThat(inspect.getHostConfig().getCapAdd()).extracting(Object::toString)
                .containsExactlyInAnyOrder("SETUID", "SETGID", "SYS_CHROOT");
        assertThat(inspect.getHostConfig().getSecurityOpts()).anyMatch(o -> o.startsWith("seccomp="));
        assertThat(inspect.getHostConfig().getReadonlyRootfs()).isTrue();
    }

    @Test
    void becomingRootFailsAndNothingButTheEnginesTwoHelpersCarriesPrivilege() throws Exception {
        TerminalClient t = mallory();
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        assertThat(t.run("su -c id root </dev/null; echo su=$?")).contains("su=1");
        assertThat(t.run("command -v sudo || echo no-sudo")).isEqualTo("no-sudo");
        assertThat(t.run("find / -xdev -perm /6000 -type f 2>/dev/null | wc -l")).as("no setuid or setgid file").isEqualTo("0");
        assertThat(t.run("getcap -r / 2>/dev/null | sort")).isEqualTo("/usr/bin/newgidmap cap_setgid=ep\n/usr/bin/newuidmap cap_setuid=ep");
        assertThat(t.run("echo '|/tmp/x' > /proc/sys/kernel/core_pattern; echo rc=$?")).contains("rc=1");
        assertThat(t.run("unshare -r sh -c \"echo '|/tmp/x' > /proc/sys/kernel/core_pattern\"; echo rc=$?")).contains("rc=1");
        assertThat(t.run("docker run --rm busybox sh -c \"echo '|/tmp/x' > /proc/sys/kernel/core_pattern\"; echo rc=$?", SLOW))
                .contains("rc=1");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).as("the host's setting, read on the host")
                .isEqualTo(corePattern);
        assertThat(InContainer.asLearner(engine.client(), sandboxId(mallory), "grep CapEff /proc/self/status").output())
                .contains("0000000000000000");
    }

    @Test
    void innerPrivilegedHostMountsHostNetworkAndHostPidsReachOnlyTheSandbox() throws Exception {
        TerminalClient t = mallory();
        // --privileged: at most the learner's own user namespace's privileges, never the host's
        t.run("docker run --rm --privileged busybox sh -c 'mknod /tmp/sda b 8 0 && head -c1 /tmp/sda' ; echo done", SLOW);
        assertThat(t.run("docker run --rm --privileged busybox cat /proc/self/uid_map", SLOW)).as("root inside is the learner outside")
                .matches("(?s)\\s*0\\s+1000\\s+1.*");
        // -v /:/host is the sandbox's own root, not the host's
        assertThat(t.run("docker run --rm -v /:/host busybox cat /host/etc/hostname", SLOW)).isEqualTo("sandbox");
        t.run("docker run --rm -v /:/host busybox sh -c 'touch /host/dockerlab-escape /host/tmp/dockerlab-escape'; echo done", SLOW);
        assertThat(Path.of("/dockerlab-escape")).as("nothing written to the host's root").doesNotExist();
        assertThat(Path.of("/tmp/dockerlab-escape")).as("nor its /tmp").doesNotExist();
        // --net=host is the engine's own network namespace, not the host's
        String hostNet = t.run("docker run --rm --net=host busybox ip -o addr", SLOW);
        assertThat(hostNet).contains("tap0").doesNotContain("docker0").doesNotContain("eth0");
        // --pid=host shows the sandbox's processes, not the host's
        String hostPids = t.run("docker run --rm --pid=host busybox ps -o comm", SLOW);
        assertThat(hostPids).contains("dockerd").doesNotContain("java").doesNotContain("containerd-shim-runc");
        assertThat(t.run("ls /var/run/docker.sock /run/docker.sock 2>&1 | grep -c 'No such file'")).as("no host engine socket").isEqualTo("2");
    }

    @Test
    void anotherLearnersSandboxAndTheHostsEngineAreOutOfReach() {
        TerminalClient a = alice();
        a.run("docker run -d --name web -p 8080:80 nginx >/dev/null; echo ok", SLOW);
        var settings = engine.client().inspectContainerCmd(sandboxId(alice)).exec().getNetworkSettings().getNetworks().values()
                .iterator().next();
        String aliceIp = settings.getIpAddress();
        String gateway = settings.getGateway();
        TerminalClient m = mallory();
        assertThat(m.run("curl -sS -m 3 -o /dev/null -w '%{http_code}' http://" + aliceIp + ":8080/ || echo blocked", SLOW)).endsWith("blocked");
        assertThat(m.run("docker run --rm busybox wget -T 3 -qO- http://" + aliceIp + ":8080/ >/dev/null 2>&1 || echo blocked", SLOW))
                .endsWith("blocked");
        assertThat(m.run("curl -sS -m 3 http://" + gateway + ":2375/version >/dev/null 2>&1 || echo blocked", SLOW)).endsWith("blocked");
        assertThat(InContainer.asLearner(engine.client(), sandboxId(alice), "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/").output())
                .as("control: alice's server answers").isEqualTo("200");
    }

    @Test
    void floodingTheInnerEngineStaysInsideTheSandbox() {
        TerminalClient a = alice();
        TerminalClient m = mallory();
        m.run("docker run -d --name forkbomb busybox sh -c 'while true; do sleep 60 & done' >/dev/null; echo ok", SLOW);
        m.run("docker run -d --name hog busybox sh -c 'dd if=/dev/zero of=/dev/null bs=2000M count=1' >/dev/null; echo ok", SLOW);
        var host = engine.client().inspectContainerCmd(sandboxId(mallory)).exec().getHostConfig();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var stats = new java.util.concurrent.CompletableFuture<com.github.dockerjava.api.model.Statistics>();
            engine.client().statsCmd(sandboxId(mallory)).withNoStream(true).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Statistics s) {
                    stats.complete(s);
                }
            });
            long pids = stats.get(10, java.util.concurrent.TimeUnit.SECONDS).getPidsStats().getCurrent();
            return pids >= host.getPidsLimit() - 50;
        });
        var stats = engine.client().inspectContainerCmd(sandboxId(mallory)).exec().getHostConfig();
        assertThat(stats.getPidsLimit()).as("the flood is capped by the sandbox's own limit").isEqualTo(1024L);
        // alice does not notice: her shell and her engine answer at once
        assertThat(a.run("echo alive", Duration.ofSeconds(10))).isEqualTo("alive");
        assertThat(a.run("docker ps --format '{{.Names}}' | grep -c web", Duration.ofSeconds(30))).isEqualTo("1");
    }
}
