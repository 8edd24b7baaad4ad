package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What root on a root scenario's machine (uid 0 of the learner's own rootless engine) might try
 * against the host, typed in its terminal as a learner would; each outcome checked from the host
 * where the host can tell. Root there is the learner outside, so every door of the sandbox holds.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootMachineAttacksTest {

    private static final Duration FIRST = Duration.ofSeconds(180);
    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final Duration SHORT = Duration.ofSeconds(20);
    /** An inner container with every privilege its engine can give (busybox has no /tmp: files go to /). */
    private static final String PRIVILEGED = "docker run --rm --cap-add ALL --security-opt seccomp=unconfined"
            + " --security-opt systempaths=unconfined busybox sh -c ";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner mallory;
    private Learner alice;
    private TerminalClient malloryTerminal;
    private TerminalClient aliceTerminal;

    private TerminalClient open(Learner learner) {
        TerminalClient t = TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(), "lesson=root-and-docker");
        t.await("ubuntu ~ # ", FIRST);
        return t;
    }

    private TerminalClient mallory() {
        if (malloryTerminal == null) {
            mallory = Learner.arrive(base);
            malloryTerminal = open(mallory);
        }
        return malloryTerminal;
    }

    private String sandboxId(Learner learner) {
        return sandboxes.find(learner.id()).orElseThrow().containerId();
    }

    /** What root sees when trying {@code command}: its output and errors, then {@code rc=<exit code>}. */
    private static String tried(TerminalClient t, String command, Duration timeout) {
        return t.run("{ " + command + "; } 2>&1; echo rc=$?", timeout);
    }

    @AfterAll
    void leave() {
        Learner.leave(sandboxes, new TerminalClient[] {malloryTerminal, aliceTerminal}, mallory, alice);
    }

    @Test
    void rootOnTheMachineIsTheUnprivilegedLearnerOnTheHost() {
        TerminalClient t = mallory();
        assertThat(t.run("id -u")).isEqualTo("0");
        // seen from the sandbox (the parent of the machine's namespaces): every process is the learner's
        assertThat(InContainer.asLearner(HostDocker.client(), sandboxId(mallory), "ps -eo uid= | sort -un").output())
                .as("uids of every process in the sandbox, the machine's root shell included").isEqualTo("1000");
        assertThat(InContainer.asLearner(HostDocker.client(), sandboxId(mallory), "grep CapEff /proc/1/status").output())
                .contains("0000000000000000");
        assertThat(t.run("grep -c '^ *0 *1000 *1$' /proc/self/uid_map")).as("uid 0 here is uid 1000 outside, and nothing else is")
                .isEqualTo("1");
    }

    @Test
    void writingProcSysAndTheHostsCorePatternFailsEvenFromAPrivilegedInnerContainer() throws Exception {
        TerminalClient t = mallory();
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        String forward = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
        String write = "echo '|/tmp/x' > /proc/sys/kernel/core_pattern";
        assertThat(tried(t, write, SHORT)).as("as root of the machine").containsPattern("Read-only file system|Permission denied")
                .containsPattern("rc=[1-9]");
        assertThat(tried(t, "echo 0 > /proc/sys/net/ipv4/ip_forward", SHORT)).containsPattern("rc=[1-9]");
        assertThat(tried(t, PRIVILEGED + "\"" + write + "\"", SLOW)).as("from a privileged container of the machine's engine")
                .contains("Permission denied").containsPattern("rc=[1-9]");
        assertThat(tried(t, "sysctl -w kernel.core_pattern=/tmp/x", SHORT)).containsPattern("rc=[1-9]");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).as("read on the host").isEqualTo(corePattern);
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"))).as("read on the host").isEqualTo(forward);
    }

    @Test
    void theHostsDisksCannotBeSeenOrMounted() {
        TerminalClient t = mallory();
        String disks = "ls /dev | grep -E '^(sd|vd|xvd|nvme|hd|mmcblk|dm-|loop[0-9])' || echo none";
        assertThat(t.run(disks)).as("block devices in the machine").isEqualTo("none");
        assertThat(t.run(PRIVILEGED + "\"" + disks + "\"", SLOW)).as("block devices in a privileged container").isEqualTo("none");
        assertThat(tried(t, "mount -t tmpfs none /mnt", SHORT)).as("root of the machine has no CAP_SYS_ADMIN")
                .containsPattern("rc=[1-9]");
        assertThat(tried(t, PRIVILEGED + "\"mknod /sda b 8 0 && mkdir -p /m && mount /sda /m\"", SLOW))
                .as("a device node made for the host's first disk").containsPattern("rc=[1-9]");
    }

    @Test
    void kernelModulesCannotBeLoaded() throws Exception {
        TerminalClient t = mallory();
        // a kernel built without loadable modules has no /proc/modules: the refusal is then the whole check
        Path modules = Path.of("/proc/modules");
        String before = Files.exists(modules) ? Files.readString(modules) : "";
        assertThat(tried(t, PRIVILEGED + "\"echo x > /m.ko && insmod /m.ko\"", SLOW))
                .as("finit_module asks for CAP_SYS_MODULE in the host's namespace before it reads the file")
                .containsPattern("(?i)not permitted|not implemented|function not").containsPattern("rc=[1-9]");
        assertThat(Files.exists(modules) ? Files.readString(modules) : "").as("the host's loaded modules").isEqualTo(before);
    }

    @Test
    void theDockerSocketIsTheLearnersOwnRootlessEngineAndTheHostsEngineIsOutOfReach() {
        TerminalClient t = mallory();
        assertThat(t.run("docker info --format '{{.SecurityOptions}}'", SLOW)).contains("rootless");
        assertThat(t.run("docker ps -a --format '{{.Names}}' | grep -c dockerlab-")).as("no host container is listed").isEqualTo("0");
        var settings = HostDocker.client().inspectContainerCmd(sandboxId(mallory)).exec().getNetworkSettings().getNetworks()
                .values().iterator().next();
        assertThat(t.run("curl -sS -m 3 http://" + settings.getGateway() + ":2375/version >/dev/null 2>&1 || echo blocked", SLOW))
                .endsWith("blocked");
    }

    @Test
    void anotherLearnersMachineCannotBeReached() {
        alice = Learner.arrive(base);
        aliceTerminal = open(alice);
        aliceTerminal.run("docker run -d --name site -p 8080:80 nginx >/dev/null; echo ok", SLOW);
        String aliceIp = HostDocker.client().inspectContainerCmd(sandboxId(alice)).exec().getNetworkSettings().getNetworks()
                .values().iterator().next().getIpAddress();
        assertThat(InContainer.asLearner(HostDocker.client(), sandboxId(alice),
                "for i in 1 2 3 4 5 6 7 8 9 10; do c=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/); [ \"$c\" = 200 ] && break; sleep 1; done; echo $c")
                .output()).as("control: alice's site answers in her sandbox").isEqualTo("200");
        TerminalClient m = mallory();
        assertThat(m.run("curl -sS -m 3 -o /dev/null http://" + aliceIp + ":8080/ 2>/dev/null || echo blocked", SLOW)).endsWith("blocked");
        assertThat(m.run("docker run --rm busybox wget -T 3 -qO- http://" + aliceIp + ":8080/ >/dev/null 2>&1 || echo blocked", SLOW))
                .as("nor from a container of the machine's engine").endsWith("blocked");
    }
}
