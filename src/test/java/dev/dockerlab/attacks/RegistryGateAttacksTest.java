package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxProfiles;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * What a sandbox can do to the registry gate, the one port of the host it may connect to: hold
 * its connections, use it without Docker, copy another learner's layers, push without end. Each
 * outcome is checked from the host: the server's own sockets, the push registry itself.
 */
@QuarkusTest
@TestProfile(GateAttackProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryGateAttacksTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    SandboxService sandboxes;

    @Inject
    SandboxProfiles profiles;

    @Inject
    DockerProfileConfig docker;

    private final List<LearnerId> learners = new ArrayList<>();

    @AfterAll
    void cleanUp() {
        learners.forEach(sandboxes::reset);
    }

    /** A learner's running sandbox on its network (no terminal, no inner engine: curl and bash are enough). */
    private String sandbox(LearnerId learner, SandboxProfile profile) {
        learners.add(learner);
        String id = sandboxes.acquire(learner, profile).containerId();
        sandboxes.joinNetwork(sandboxes.find(learner).orElseThrow());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !addressOf(id).isEmpty());
        return id;
    }

    private String addressOf(String containerId) {
        return HostDocker.client().inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElse("");
    }

    private String in(String containerId, String script) {
        return InContainer.asLearner(HostDocker.client(), containerId, script).output();
    }

    private String gate() {
        return profiles.registryAddress();
    }

    private int gatePort() {
        return Integer.parseInt(gate().substring(gate().lastIndexOf(':') + 1));
    }

    @Test
    void oneSandboxHoldsNoMoreThanItsShareOfGateConnectionsAndIdleOnesAreClosed() throws Exception {
        String id = sandbox(LearnerId.generate(), SandboxProfile.DOCKER);
        String address = addressOf(id);
        String host = gate().substring(0, gate().lastIndexOf(':'));
        in(id, "nohup bash -c 'for i in $(seq 1 200); do exec {fd}<>/dev/tcp/" + host + "/" + gatePort()
                + " || break; done; sleep 120' >/dev/null 2>&1 & echo started");
        // every connect went through (the kernel accepts them); the sandbox holds all 200 of its ends
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Integer.parseInt(
                in(id, "ss -Htn dst " + host + ":" + gatePort() + " | wc -l")) >= 200);
        // the server closes refused connections as it accepts them, well before the idle timeout (20 s here)
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ServerSockets.established(gatePort(), address)
                <= GateAttackProfile.PER_SANDBOX);
        // they carry nothing: closed after the idle timeout
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> ServerSockets.established(gatePort(), address) == 0);
    }

    @Test
    void aPlainSandboxGetsNothingFromTheGate() {
        String id = sandbox(LearnerId.generate(), SandboxProfile.PLAIN);
        assertThat(in(id, "curl -s -m 10 -o /dev/null -w '%{http_code}' http://" + gate() + "/v2/library/busybox/manifests/latest"
                + " -H 'Accept: application/vnd.docker.distribution.manifest.v2+json'")).as("a lesson image's manifest").isEqualTo("403");
        assertThat(in(id, "curl -s -m 10 -X POST -o /dev/null -w '%{http_code}' http://" + gate() + "/v2/" + learners.getLast().hash()
                + "/x/blobs/uploads/")).as("an upload into its own space").isEqualTo("403");
    }

    @Test
    void aCrossRepositoryMountFromAnotherLearnersSpaceCopiesNothing() throws Exception {
        LearnerId alice = LearnerId.generate();
        LearnerId mallory = LearnerId.generate();
        String malloryId = sandbox(mallory, SandboxProfile.DOCKER);
        byte[] layer = new byte[4096];
        new Random().nextBytes(layer);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer));
        upload(alice.hash() + "/secret", digest, layer);

        String mount = "?mount=" + digest + "&from=";
        assertThat(in(malloryId, "curl -s -X POST -o /dev/null -w '%{http_code}' 'http://" + gate() + "/v2/" + mallory.hash()
                + "/stolen/blobs/uploads/" + mount + alice.hash() + "/secret'")).as("mount from alice's space: a plain upload starts")
                .isEqualTo("202");
        assertThat(blobStatus(mallory.hash() + "/stolen", digest)).as("alice's layer in mallory's space, asked of the push registry")
                .isEqualTo(404);
        // control: mounting between one's own repositories is what docker push does, and works
        upload(mallory.hash() + "/mine", digest, layer);
        assertThat(in(malloryId, "curl -s -X POST -o /dev/null -w '%{http_code}' 'http://" + gate() + "/v2/" + mallory.hash()
                + "/copy/blobs/uploads/" + mount + mallory.hash() + "/mine'")).isEqualTo("201");
    }

    @Test
    void uploadsBeyondThePushQuotaAreRefusedWithARegistryError() {
        LearnerId learner = LearnerId.generate();
        String id = sandbox(learner, SandboxProfile.DOCKER);
        long mib = 1 << 20;
        String up = "up() { loc=$(curl -s -D - -o /dev/null -X POST http://" + gate() + "/v2/" + learner.hash()
                + "/big/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p');"
                + " case $loc in http*) ;; *) loc=http://" + gate() + "$loc;; esac;"
                + " case $loc in *\\?*) sep='&';; *) sep='?';; esac;"
                + " d=sha256:$(sha256sum $1 | cut -d' ' -f1);"
                + " curl -s -o /tmp/answer -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream'"
                + " --data-binary @$1 \"$loc${sep}digest=$d\"; };";
        String out = in(id, "head -c " + 6 * mib + " /dev/urandom > /tmp/a; head -c " + 4 * mib + " /dev/urandom > /tmp/b; " + up
                + " echo first=$(up /tmp/a); echo second=$(up /tmp/b); cat /tmp/answer");
        assertThat(out).as("6 MiB, then 4 MiB more against a quota of %d MiB", GateAttackProfile.PUSH_QUOTA_MIB)
                .contains("first=201").contains("second=403").contains("DENIED").contains("push quota");
    }

    private void upload(String repository, String digest, byte[] blob) throws Exception {
        String registry = docker.pushUrl();
        var started = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location").orElseThrow();
        URI put = URI.create(registry).resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
        var done = HTTP.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as("uploading to the push registry: %s", done.body()).isEqualTo(201);
    }

    private int blobStatus(String repository, String digest) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(docker.pushUrl() + "/v2/" + repository
                + "/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** This server's own TCP sockets, as the kernel lists them for the process's network namespace. */
    static final class ServerSockets {

        /** Established connections to {@code localPort} from {@code remoteAddress}. */
        static int established(int localPort, String remoteAddress) throws Exception {
            String remote = hex(remoteAddress);
            String port = String.format("%04X", localPort);
            int n = 0;
            // a dual-stack listener's IPv4 peers are in tcp6, as ::ffff:a.b.c.d
            for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    boolean from = f.length > 3 && (f[2].startsWith(remote + ":") || f[2].startsWith("0000000000000000FFFF0000" + remote + ":"));
                    if (from && f[1].endsWith(":" + port) && "01".equals(f[3])) {
                        n++;
                    }
                }
            }
            return n;
        }

        /** /proc/net/tcp writes an IPv4 address as its four bytes in little-endian hex. */
        private static String hex(String address) {
            String[] p = address.split("\\.");
            return String.format("%02X%02X%02X%02X", Integer.parseInt(p[3]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[1]), Integer.parseInt(p[0]));
        }
    }
}
