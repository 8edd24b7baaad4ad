package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * What an app a learner runs in their sandbox can do through {@code /preview/{port}/}: reach
 * another learner's sandbox, widen its reach in the browser, or flood the server. Each outcome is
 * checked from the host afterwards. Apps run as learners run them: in their own Docker engine.
 */
@QuarkusTest
@TestProfile(GateAttackProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreviewAttacksTest {

    private static final Duration SLOW = Duration.ofSeconds(120);
    /** More than the socket buffers between the app and the client can hold. */
    private static final long TOO_MUCH = 64L << 20;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private final List<Learner> learners = new ArrayList<>();
    private Learner alice;
    private TerminalClient aliceTerminal;

    @AfterAll
    void cleanUp() {
        if (aliceTerminal != null) {
            aliceTerminal.close();
        }
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    private Learner arrive() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        return learner;
    }

    private TerminalClient terminal(Learner learner) {
        TerminalClient t = learner.terminal(base);
        t.await("learner@sandbox", Duration.ofSeconds(60));
        return t;
    }

    /** Alice, whose apps run in her sandbox's own engine. */
    private TerminalClient alice() {
        if (aliceTerminal == null) {
            alice = arrive();
            aliceTerminal = terminal(alice);
        }
        return aliceTerminal;
    }

    private String containerOf(Learner learner) {
        return sandboxes.find(learner.id()).orElseThrow().containerId();
    }

    private String addressOf(String containerId) {
        return HostDocker.client().inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElse("");
    }

    private boolean running(String containerId) {
        return Boolean.TRUE.equals(HostDocker.client().inspectContainerCmd(containerId).exec().getState().getRunning());
    }

    /** Copies a test resource into the learner's home, as the learner. */
    private void put(Learner learner, String resource, String file) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/attacks/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            InContainer.asLearner(HostDocker.client(), containerOf(learner), "cat > ~/" + file + " <<'PY'\n" + text + "PY\n");
        }
    }

    private Response preview(Learner learner, String path) {
        return given().redirects().follow(false).cookie("dockerlab_learner", learner.cookieValue()).get(path);
    }

    @Test
    @Order(1)
    void aSandboxWhoseMainProcessWasKilledIsForgottenAndItsOldAddressNeverShowsAnotherLearnersPage() throws Exception {
        Learner mallory = arrive();
        String malloryId;
        String malloryAddress;
        try (TerminalClient m = terminal(mallory)) {
            malloryId = containerOf(mallory);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !addressOf(malloryId).isEmpty());
            malloryAddress = addressOf(malloryId);
            // the preview looks her sandbox up once while it runs (nothing listens on 8080 yet)
            assertThat(preview(mallory, "/preview/8080/").statusCode()).as("control: her own preview, nothing there yet")
                    .isEqualTo(502);
            // the main process runs as the learner: killed from a delayed background command, after the tab closed
            m.run("(sleep 3; pkill -KILL -f '^sleep infinity') >/dev/null 2>&1 & echo armed");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !running(malloryId));

        // the next sandbox on the network may get mallory's address (Docker hands out the lowest free one)
        TerminalClient a = alice();
        put(alice, "page-app.py", "page-app.py");
        assertThat(a.run("docker run -d --name page -p 8080:8080 -v ~/page-app.py:/app.py:ro python python /app.py"
                + " alice-private-page >/dev/null && echo started", SLOW)).endsWith("started");
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> preview(alice, "/preview/8080/").asString().contains("alice-private-page"));
        boolean reused = addressOf(containerOf(alice)).equals(malloryAddress);

        Response seen = preview(mallory, "/preview/8080/");
        assertThat(seen.asString()).as("mallory's preview shows alice's page (alice has mallory's old address: %s)", reused)
                .doesNotContain("alice-private-page");
        assertThat(seen.statusCode()).as("mallory's preview of a sandbox that no longer runs: %s", seen.asString())
                .isEqualTo(404);

        // her next terminal finds the stopped sandbox ("not running"): it is forgotten and removed, and she gets a fresh one
        try (TerminalClient again = terminal(mallory)) {
            assertThat(again.run("echo back")).isEqualTo("back");
            assertThat(containerOf(mallory)).as("her sandbox").isNotEqualTo(malloryId);
        }
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(malloryId)).exec())
                .as("the stopped sandbox, seen from the host").isEmpty();
    }

    @Test
    @Order(2)
    void aStoppedSandboxIsForgottenAndRemovedByTheNextReconcile() {
        dev.dockerlab.learner.LearnerId learner = arrive().id();
        String id = sandboxes.acquire(learner).containerId();
        InContainer.asLearner(HostDocker.client(), id, "(sleep 1; pkill -KILL -f '^sleep infinity') >/dev/null 2>&1 & echo armed");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !running(id));

        sandboxes.reconcile();
        assertThat(sandboxes.find(learner)).as("the stopped sandbox is still the learner's live sandbox").isEmpty();
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec())
                .as("the stopped sandbox, seen from the host").isEmpty();
    }

    @Test
    @Order(3)
    void aPreviewedAppCannotWidenItsReachBeyondItsOwnPrefix() throws Exception {
        TerminalClient a = alice();
        put(alice, "widening-app.py", "widening-app.py");
        assertThat(a.run("docker run -d --name widening -p 8081:8081 -v ~/widening-app.py:/app.py:ro python python /app.py"
                + " >/dev/null && echo started", SLOW)).endsWith("started");
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> preview(alice, "/preview/8081/").statusCode() == 200);

        // what a browser asks when a page registers /preview/8081/sw.js as a service worker
        Response worker = given().redirects().follow(false).cookie("dockerlab_learner", alice.cookieValue())
                .header("Service-Worker", "script").get("/preview/8081/sw.js");
        for (Response r : List.of(worker, preview(alice, "/preview/8081/"))) {
            assertThat(r.statusCode()).isEqualTo(200);
            String allowed = r.header("Service-Worker-Allowed");
            assertThat(allowed == null || allowed.startsWith("/preview/8081/")).as("Service-Worker-Allowed: %s", allowed).isTrue();
            assertThat(r.headers().getValues("Set-Cookie")).as("the app's cookies").hasSize(4).allSatisfy(c -> {
                assertThat(c).as("a cookie for other paths").containsPattern("(?i); Path=/preview/8081/");
                assertThat(c).as("a cookie for other hosts").doesNotContainIgnoringCase("domain=");
            });
            assertThat(r.header("Clear-Site-Data")).as("the app may not clear dockerlab's cookies and storage").isNull();
            assertThat(r.header("Strict-Transport-Security")).as("nor set a policy for the whole origin").isNull();
            assertThat(r.header("Link")).as("nor name a service worker by header").isNull();
        }
    }

    @Test
    @Order(4)
    void aWebSocketFloodToAClientThatReadsNothingStaysInTheSandbox() throws Exception {
        TerminalClient a = alice();
        put(alice, "ws-flood.py", "ws-flood.py");
        assertThat(a.run("mkdir -p ~/out && docker run -d --name flood -p 9091:9091 -v ~/ws-flood.py:/flood.py:ro"
                + " -v ~/out:/out python python /flood.py >/dev/null && echo started", SLOW)).endsWith("started");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sent() >= 0);
        long before = serverMemory();

        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET /preview/9091/ HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Origin: http://" + base.getAuthority() + "\r\nCookie: " + alice.cookie() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = new byte[12];
            assertThat(client.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).as("the upgrade").isEqualTo("HTTP/1.1 101");
            // from here on the client reads nothing: wait until the app can hand over no more (or clearly too much)
            AtomicLong last = new AtomicLong(-1);
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                long now = sent();
                return now == last.getAndSet(now) || now >= TOO_MUCH;
            });
            long sent = sent();
            long grown = serverMemory() - before;
            assertThat(sent).as("bytes the app got off its hands while the client read nothing").isLessThan(TOO_MUCH);
            assertThat(grown).as("growth of the server's heap and direct memory").isLessThan(256L << 20);
        }
        a.run("docker rm -f flood >/dev/null; echo ok", SLOW);
    }

    /** What the flooding app reports it has sent, -1 before it runs. */
    private long sent() {
        String out = InContainer.asLearner(HostDocker.client(), containerOf(alice), "cat ~/out/sent 2>/dev/null || echo -1").output();
        return Long.parseLong(out.trim());
    }

    /** Heap in use after a collection, plus the direct memory Netty holds. */
    private static long serverMemory() {
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        return heap + Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
    }
}
