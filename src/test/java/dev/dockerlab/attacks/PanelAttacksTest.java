package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.PanelStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The "under the hood" panel shows one learner their own sandbox and nothing else: not another
 * learner's processes, not the host's, not a path outside the sandbox, and it opens only for the
 * learner's own cookie, for a section it has, a few at a time.
 */
@QuarkusTest
class PanelAttacksTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private final List<Learner> learners = new ArrayList<>();
    private final List<PanelStream> streams = new ArrayList<>();

    @AfterEach
    void leave() {
        streams.forEach(PanelStream::close);
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    private Learner learner() {
        Learner l = Learner.arrive(base);
        learners.add(l);
        return l;
    }

    private PanelStream panel(Learner learner, String section) {
        PanelStream s = PanelStream.open(base, learner == null ? null : learner.cookieValue(), section);
        streams.add(s);
        return s;
    }

    @Test
    void theProcessesAreTheLearnersOwnNeverAnotherLearnersNorTheHostsOthers() {
        Learner alice = learner();
        Learner bob = learner();
        Sandbox mine = sandboxes.acquire(alice.id());
        Sandbox theirs = sandboxes.acquire(bob.id());
        InContainer.asLearner(HostDocker.client(), theirs.containerId(), "setsid -f sleep 4242 >/dev/null 2>&1 </dev/null");
        InContainer.asLearner(HostDocker.client(), mine.containerId(), "setsid -f sleep 2424 >/dev/null 2>&1 </dev/null");

        PanelStream stream = panel(alice, "processes");
        assertThat(stream.status()).isEqualTo(200);
        JsonNode update = stream.await(u -> u.path("data").path("processes").toString().contains("sleep 2424"), WAIT);

        Set<Integer> shown = new HashSet<>();
        update.path("data").path("processes").forEach(p -> shown.add(p.path("pidOnHost").asInt()));
        Set<Integer> bobs = hostPids(theirs);
        Set<Integer> alices = hostPids(mine);
        // from the host: every PID shown is one of Alice's container's, none is Bob's, the server's or the host's init
        assertThat(shown).as("PIDs the panel showed").isNotEmpty().doesNotContainAnyElementsOf(bobs)
                .doesNotContain((int) ProcessHandle.current().pid(), 1);
        assertThat(alices).as("Alice's container's PIDs, from the host").containsAll(shown.stream()
                .filter(pid -> ProcessHandle.of(pid).isPresent()).toList());
        assertThat(stream.raw()).doesNotContain("sleep 4242");
        update.path("data").path("processes").forEach(p -> {
            if (!p.path("parentOnHost").isNull()) {
                assertThat(shown).as("a parent the panel names is one of the learner's processes").contains(p.path("parentOnHost").asInt());
            }
        });
    }

    @Test
    void pathsOutsideTheSandboxNeverReachThePageALinkToTheRootIsListedAsALinkOnly() {
        Learner alice = learner();
        Sandbox mine = sandboxes.acquire(alice.id());
        InContainer.asLearner(HostDocker.client(), mine.containerId(),
                "ln -s / ~/to-the-root && ln -s /proc/1/root ~/to-pid-one && ln -s ../../.. /tmp/up && echo x > ~/mine.txt");

        PanelStream stream = panel(alice, "layers");
        JsonNode update = stream.await(u -> u.path("data").path("files").toString().contains("mine.txt"), WAIT);
        List<String> paths = new ArrayList<>();
        update.path("data").path("files").forEach(f -> paths.add(f.path("path").asText()));
        assertThat(paths).as("paths the panel lists").allMatch(p -> p.startsWith("/home/learner/") || p.startsWith("/tmp/")
                || p.startsWith("/run/"));
        update.path("data").path("files").forEach(f -> {
            if (f.path("path").asText().endsWith("to-the-root")) {
                assertThat(f.path("type").asText()).isEqualTo("link");
            }
        });
        String server = System.getProperty("user.dir");
        assertThat(stream.raw()).as("the stream never names the server's own directory or the host's files")
                .doesNotContain(server).doesNotContain("/etc/passwd").doesNotContain("/home/learner/to-the-root/");
    }

    @Test
    void withoutTheLearnersCookieThePanelIsRefused() {
        given().get("/api/sandbox/panel?section=processes").then().statusCode(403);
        given().cookie("dockerlab_learner", "made-up.value").get("/api/sandbox/panel?section=processes").then().statusCode(403);
    }

    @Test
    void aSectionThePanelDoesNotHaveIsRefusedWithASentence() {
        Learner alice = learner();
        sandboxes.acquire(alice.id());
        for (String section : List.of("", "..%2F..%2Fetc", "PROCESSES", "processes%00", "x".repeat(300))) {
            var answer = given().cookie("dockerlab_learner", alice.cookieValue()).urlEncodingEnabled(false)
                    .get("/api/sandbox/panel?section=" + section);
            assertThat(answer.statusCode()).as("section " + section.substring(0, Math.min(20, section.length()))).isEqualTo(400);
            assertThat(answer.jsonPath().getString("message")).contains("ask for one of processes, walls, layers, limits, docker");
        }
    }

    @Test
    void aLearnerWithoutASandboxIsToldSoAndOnlyAFewPanelsOpenAtOnce() {
        Learner alice = learner();
        var none = given().cookie("dockerlab_learner", alice.cookieValue()).get("/api/sandbox/panel?section=walls");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.jsonPath().getString("message")).contains("no sandbox yet");

        sandboxes.acquire(alice.id());
        for (int i = 0; i < 3; i++) {
            PanelStream open = panel(alice, "walls");
            assertThat(open.status()).as("panel " + (i + 1)).isEqualTo(200);
            open.await(u -> "walls".equals(u.path("section").asText()), WAIT);
        }
        PanelStream fourth = panel(alice, "walls");
        assertThat(fourth.status()).as("a fourth panel of one learner").isEqualTo(429);

        // a closed panel gives its place back
        streams.get(0).close();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            PanelStream again = panel(alice, "walls");
            return again.status() == 200;
        });
    }

    /** The host PIDs of a sandbox's processes, as the engine's top lists them. */
    private static Set<Integer> hostPids(Sandbox sandbox) {
        Set<Integer> pids = new HashSet<>();
        for (String[] row : HostDocker.client().topContainerCmd(sandbox.containerId()).withPsArgs("-eo pid").exec().getProcesses()) {
            pids.add(Integer.parseInt(row[0].trim()));
        }
        return pids;
    }
}
