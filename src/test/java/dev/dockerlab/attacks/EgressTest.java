package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FakeLan;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * What a sandbox can reach beyond the host (finding 9 of the outside test: the cloud metadata
 * address and the host's private networks). From inside real sandboxes, plain and Docker-enabled:
 * 169.254.169.254 and an address on the host's LAN are refused, a public address and the
 * operator's one exception (a LAN mirror) answer, and the registry gate still answers the Docker
 * sandbox. The web server behind those addresses says, read from the host, which requests arrived.
 */
@QuarkusTest
@TestProfile(EgressTest.MirrorAllowed.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Exclusive.TAG)
class EgressTest {

    /** The default policy, with one exception; on a network of its own, so other test runs' rules do not mix with these. */
    public static class MirrorAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.egress-allow", FakeLan.MIRROR + "/32",
                    "dockerlab.sandbox.network", "dockerlab-test-egress",
                    "dockerlab.sandbox.instance", "test-egress-" + Long.toHexString(System.nanoTime()));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private FakeLan lan;

    @BeforeAll
    void lan() {
        lan = FakeLan.start(HostDocker.client(), "dockerlab/sandbox-docker:latest");
    }

    @AfterAll
    void noLan() {
        if (lan != null) {
            lan.close();
        }
    }

    /** The HTTP status a sandbox gets for {@code http://address/path}: "000" when no connection was made (the server answers 404). */
    private String get(Sandbox sandbox, String address, String path) {
        return InContainer.asLearner(HostDocker.client(), sandbox.containerId(),
                "curl -s -m 5 -o /dev/null -w '%{http_code}' http://" + address + "/" + path).output();
    }

    @Test
    void aPlainSandboxReachesTheInternetAndTheAllowedMirrorButNotTheMetadataServiceNorTheLan() {
        Learner learner = Learner.arrive(base);
        Sandbox sandbox = sandboxes.acquire(learner.id(), SandboxProfile.PLAIN);
        try {
            // a new sandbox joins its network a moment after it starts: wait until it has one
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(get(sandbox, FakeLan.PUBLIC, "plain-public")).as("a public address").isEqualTo("404"));
            assertThat(get(sandbox, FakeLan.MIRROR, "plain-mirror")).as("the LAN mirror in egress-allow").isEqualTo("404");
            assertThat(get(sandbox, FakeLan.METADATA, "plain-metadata")).as("the cloud metadata address").isEqualTo("000");
            assertThat(get(sandbox, FakeLan.LAN, "plain-lan")).as("an address on the host's LAN").isEqualTo("000");
            assertThat(get(sandbox, FakeLan.HOST_SIDE, "plain-host")).as("the host's own address on that LAN").isEqualTo("000");
        } finally {
            sandboxes.reset(learner.id());
        }
        assertThat(lan.requests()).as("requests that reached the LAN, read from the host").contains("/plain-public", "/plain-mirror")
                .doesNotContain("/plain-metadata").doesNotContain("/plain-lan");
    }

    @Test
    void aDockerSandboxStillReachesTheRegistryGateButNotTheMetadataService() {
        Learner learner = Learner.arrive(base);
        Sandbox sandbox = sandboxes.acquire(learner.id(), SandboxProfile.DOCKER);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(InContainer.asLearner(HostDocker.client(), sandbox.containerId(),
                            "curl -s -m 5 -o /dev/null -w '%{http_code}' http://$DOCKERLAB_REGISTRY/v2/").output())
                            .as("the registry gate").isEqualTo("200"));
            assertThat(get(sandbox, FakeLan.METADATA, "docker-metadata")).as("the cloud metadata address").isEqualTo("000");
            assertThat(get(sandbox, FakeLan.PUBLIC, "docker-public")).as("a public address").isEqualTo("404");
        } finally {
            sandboxes.reset(learner.id());
        }
        assertThat(lan.requests()).contains("/docker-public").doesNotContain("/docker-metadata");
    }
}
