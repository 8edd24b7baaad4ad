package dev.dockerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Stats;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * What a learner with their own Docker engine might try, typed as they would, each outcome
 * checked from the host afterwards. The server runs with {@code dockerlab.sandbox.profile=docker}.
 */
@QuarkusTest
@TestProfile(DockerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the flood comes last: it leaves mallory's sandbox full of processes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerAttacksTest {

    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final Duration SHORT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

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

    /** What the learner sees when they try {@code command}: its output and errors, then {@code rc=<exit code>}. */
    private static String tried(TerminalClient t, String command, Duration timeout) {
        return t.run("{ " + command + "; } 2>&1; echo rc=$?", timeout);
    }

    private String sandboxId(Learner learner) {
        return sandboxes.find(learner.id()).orElseThrow().containerId();
    }

    @AfterAll
    void cleanUp() {
        Learner.leave(sandboxes, new TerminalClient[] {malloryTerminal, aliceTerminal}, mallory, alice);
        assertThat(HostDocker.client().listVolumesCmd().withFilter("label", java.util.List.of("dockerlab.role=engine-storage")).exec()
                .getVolumes()).as("no inner engine storage is left behind")
                .noneMatch(v -> (mallory != null && v.getLabels().get("dockerlab.learner").equals(mallory.id().hash()))
                        || (alice != null && v.getLabels().get("dockerlab.learner").equals(alice.id().hash())));
    }

    @Test
    @Order(1)
    void theOperatorDefaultGivesEverySandboxDockerAndEveryExecRunsAsTheLearner() {
        assertThat(mallory().run("id -u; id -g; docker version --format '{{.Server.Version}}'", SLOW)).startsWith("1000\n1000\n20.10");
        var inspect = HostDocker.client().inspectContainerCmd(sandboxId(mallory)).exec();
        assertThat(inspect.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(inspect.getHostConfig().getPrivileged()).isFalse();
        assertThat(inspect.getHostConfig().getCapAdd()).extracting(Object::toString)
                .containsExactlyInAnyOrder("SETUID", "SETGID", "SYS_CHROOT");
        assertThat(inspect.getHostConfig().getSecurityOpts()).anyMatch(o -> o.startsWith("seccomp="));
        assertThat(inspect.getHostConfig().getReadonlyRootfs()).isTrue();
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'docker-engine' }.data.image", org.hamcrest.Matchers.is("dockerlab/sandbox-docker:latest"));
    }

    @Test
    @Order(2)
    void becomingRootFailsAndNothingButTheEnginesTwoHelpersCarriesPrivilege() throws Exception {
        TerminalClient t = mallory();
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        assertThat(t.run("su -c id root </dev/null; echo su=$?")).contains("su=1");
        assertThat(t.run("command -v sudo || echo no-sudo")).isEqualTo("no-sudo");
        assertThat(t.run("find / -xdev -perm /6000 -type f 2>/dev/null | wc -l")).as("no setuid or setgid file").isEqualTo("0");
        // getcap is in /usr/sbin, outside the learner's PATH; -xdev: the image, not /proc or the engine's storage
        assertThat(t.run("find / -xdev -type f -print0 2>/dev/null | xargs -0 /usr/sbin/getcap 2>/dev/null | sort"))
                .as("files with capabilities").isEqualTo("/usr/bin/newgidmap cap_setgid=ep\n/usr/bin/newuidmap cap_setuid=ep");
        String write = "echo '|/tmp/x' > /proc/sys/kernel/core_pattern";
        assertThat(tried(t, write, SHORT)).as("as the learner").contains("Permission denied").containsPattern("rc=[1-9]");
        assertThat(tried(t, "unshare -r sh -c \"" + write + "\"", SHORT)).as("as root of a user namespace")
                .contains("Permission denied").containsPattern("rc=[1-9]");
        assertThat(tried(t, "docker run --rm busybox sh -c \"" + write + "\"", SLOW)).as("from an inner container")
                .contains("Read-only file system").containsPattern("rc=[1-9]");
        assertThat(tried(t, "docker run --rm --cap-add ALL --security-opt seccomp=unconfined --security-opt systempaths=unconfined"
                + " busybox sh -c \"" + write + "\"", SLOW)).as("from an inner container with every inner privilege")
                .contains("Permission denied").containsPattern("rc=[1-9]");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).as("the host's setting, read on the host")
                .isEqualTo(corePattern);
        assertThat(InContainer.asLearner(HostDocker.client(), sandboxId(mallory), "grep CapEff /proc/self/status").output())
                .contains("0000000000000000");
    }

    @Test
    @Order(3)
    void innerPrivilegedHostMountsHostNetworkAndHostPidsReachOnlyTheSandbox() throws Exception {
        TerminalClient t = mallory();
        // --privileged needs a read-write /sys, which the kernel refuses in the learner's user namespace
        assertThat(tried(t, "docker run --rm --privileged busybox id", SLOW)).as("docker run --privileged")
                .contains("operation not permitted").endsWith("rc=125");
        // the most an inner container can have: every capability of the learner's own user namespace, no more
        String most = "docker run --rm --cap-add ALL --security-opt seccomp=unconfined --security-opt systempaths=unconfined busybox ";
        assertThat(t.run(most + "cat /proc/self/uid_map", SLOW)).as("root inside is the learner outside")
                .matches("(?s)\\s*0\\s+1000\\s+1\\b.*");
        assertThat(tried(t, most + "sh -c 'mknod /dev/sda0 b 8 0 && head -c1 /dev/sda0'", SLOW))
                .as("a host disk as a device node").contains("Operation not permitted").containsPattern("rc=[1-9]");
        // -v /:/host is the sandbox's own root, not the host's
        assertThat(t.run("docker run --rm -v /:/host busybox cat /host/etc/hostname", SLOW)).isEqualTo("sandbox");
        t.run("docker run --rm -v /:/host busybox sh -c 'touch /host/dockerlab-escape /host/tmp/dockerlab-escape'; echo done", SLOW);
        assertThat(Path.of("/dockerlab-escape")).as("nothing written to the host's root").doesNotExist();
        assertThat(Path.of("/tmp/dockerlab-escape")).as("nor its /tmp").doesNotExist();
        // --net=host is the engine's own network namespace behind slirp4netns, not the host's
        String hostNet = t.run("docker run --rm --net=host busybox ip -o -4 addr", SLOW);
        assertThat(hostNet).contains("tap0").contains("10.0.2.100");
        assertThat(hostAddresses()).as("control: the host has an address of its own").isNotEmpty();
        for (String address : hostAddresses()) {
            assertThat(hostNet).as("--net=host shows the host's address " + address).doesNotContain(address + "/");
        }
        // --pid=host would mean mounting the sandbox's /proc, which the learner's namespace does not own
        assertThat(tried(t, "docker run --rm --pid=host busybox ps -o comm", SLOW)).as("docker run --pid=host")
                .contains("operation not permitted").doesNotContain("java").endsWith("rc=125");
        assertThat(t.run("ls /var/run/docker.sock /run/docker.sock 2>&1 | grep -c 'No such file'")).as("no host engine socket").isEqualTo("2");
    }

    @Test
    @Order(4)
    void anotherLearnersSandboxAndTheHostsEngineAreOutOfReach() {
        TerminalClient a = alice();
        a.run("docker run -d --name web -p 8080:80 nginx >/dev/null; echo ok", SLOW);
        var settings = HostDocker.client().inspectContainerCmd(sandboxId(alice)).exec().getNetworkSettings().getNetworks().values()
                .iterator().next();
        String aliceIp = settings.getIpAddress();
        String gateway = settings.getGateway();
        TerminalClient m = mallory();
        assertThat(m.run("curl -sS -m 3 -o /dev/null -w '%{http_code}' http://" + aliceIp + ":8080/ || echo blocked", SLOW)).endsWith("blocked");
        assertThat(m.run("docker run --rm busybox wget -T 3 -qO- http://" + aliceIp + ":8080/ >/dev/null 2>&1 || echo blocked", SLOW))
                .endsWith("blocked");
        assertThat(m.run("curl -sS -m 3 http://" + gateway + ":2375/version >/dev/null 2>&1 || echo blocked", SLOW)).endsWith("blocked");
        assertThat(InContainer.asLearner(HostDocker.client(), sandboxId(alice), "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/").output())
                .as("control: alice's server answers").isEqualTo("200");
    }

    @Test
    @Order(5)
    void anotherLearnersPushedImagesCanBeNeitherReadNorOverwritten() throws Exception {
        TerminalClient a = alice();
        assertThat(a.run("docker pull -q busybox >/dev/null && docker tag busybox $DOCKERLAB_PUSH_PREFIX/secret"
                + " && docker push -q $DOCKERLAB_PUSH_PREFIX/secret", SLOW)).as("control: alice pushes").endsWith("/secret:latest");
        String aliceImage = a.run("echo $DOCKERLAB_PUSH_PREFIX") + "/secret";
        TerminalClient m = mallory();
        assertThat(m.run("docker pull " + aliceImage, SLOW)).as("mallory pulls alice's image").contains("another learner");
        assertThat(m.run("curl -s -o /dev/null -w '%{http_code}' http://$DOCKERLAB_REGISTRY/v2/" + learnerHash(alice)
                + "/secret/manifests/latest")).as("or reads its manifest").isEqualTo("403");
        assertThat(m.run("docker pull -q hello-world >/dev/null && docker tag hello-world " + aliceImage + " && docker push " + aliceImage, SLOW))
                .as("mallory overwrites alice's image").contains("another learner");
        assertThat(a.run("docker rmi $DOCKERLAB_PUSH_PREFIX/secret >/dev/null; docker pull -q $DOCKERLAB_PUSH_PREFIX/secret >/dev/null"
                + " && docker inspect -f '{{.Id}}' $DOCKERLAB_PUSH_PREFIX/secret", SLOW))
                .as("alice's image is still hers").isEqualTo(a.run("docker inspect -f '{{.Id}}' busybox", SLOW));
        // the gate knows learners by their sandbox's address: from the host, nobody
        var fromHost = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://" + aliceImage.substring(0, aliceImage.indexOf('/')) + "/v2/" + learnerHash(alice) + "/secret/tags/list"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(fromHost.statusCode()).as("the gate from anywhere but a sandbox").isEqualTo(403);
    }

    private static String learnerHash(Learner learner) {
        return learner.id().hash();
    }

    @Test
    @Order(6)
    void floodingTheInnerEngineStaysInsideTheSandbox() {
        TerminalClient a = alice();
        TerminalClient m = mallory();
        String id = sandboxId(mallory);
        long pidsLimit = HostDocker.client().inspectContainerCmd(id).exec().getHostConfig().getPidsLimit();
        assertThat(pidsLimit).as("the sandbox's own limit, which binds its inner containers too").isEqualTo(1024L);

        // 2.5 GiB in an inner container (inner -m is not enforced): the sandbox's 1 GiB binds it
        assertThat(m.run("docker run --name hog python python -c \"b = [b'x' * (1 << 26) for _ in range(40)]\"; echo exit=$?", SLOW))
                .as("the hog is killed inside mallory's sandbox").endsWith("exit=137");
        assertThat(HostDocker.client().inspectContainerCmd(id).exec().getState().getRunning()).as("mallory's sandbox lives on").isTrue();

        // a fork bomb that keeps trying: it holds every process slot of mallory's sandbox, and no more
        m.run("docker run -d --name forkbomb python python -c \"exec('import os,time\\nwhile True:\\n try:\\n"
                + "  if os.fork() == 0: time.sleep(3600)\\n except OSError: time.sleep(0.05)')\" >/dev/null; echo ok", SLOW);
        Awaitility.await().atMost(SLOW).until(() -> pids(id) >= pidsLimit - 16);
        assertThat(pids(id)).as("processes in mallory's sandbox").isLessThanOrEqualTo(pidsLimit);

        // alice does not notice: her shell, her engine and her containers answer
        assertThat(a.run("echo alive")).isEqualTo("alive");
        assertThat(a.run("docker run --rm busybox echo inner-alive", SLOW)).isEqualTo("inner-alive");
        assertThat(a.run("docker ps --format '{{.Names}}' | grep -c web", SLOW)).isEqualTo("1");
        RestAssured.get("/q/health/ready").then().statusCode(200);
        assertThat(pids(id)).as("the bomb is still going while alice works").isGreaterThanOrEqualTo(pidsLimit - 16);
    }

    /**
     * The IPv4 addresses of the host's own interfaces, not of its Docker bridges: an inner engine
     * makes bridges in the same private ranges (172.17.0.1 is docker0 in both).
     */
    private static List<String> hostAddresses() throws java.net.SocketException {
        return java.net.NetworkInterface.networkInterfaces()
                .filter(i -> !i.getName().equals("docker0") && !i.getName().startsWith("br-") && !i.getName().startsWith("veth"))
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .map(java.net.InetAddress::getHostAddress).toList();
    }

    private long pids(String containerId) {
        Long current = Stats.of(HostDocker.client(), containerId).getPidsStats().getCurrent();
        return current == null ? 0 : current;
    }
}
