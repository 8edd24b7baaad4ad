package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.docker.DockerProfile;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A Docker-enabled learner replaces their engine's socket with one that streams without end
 * (finding 4 of the outside test: one facts call took the heap from 0.5 to 5 GB, eight threw
 * OutOfMemoryError). The facts API reads at most its cap, answers with a note, lets a learner
 * run only two calls at once, leaves nothing running in the sandbox, and works normally again
 * once the socket is the learner's engine's.
 */
@QuarkusTest
@TestProfile(DockerProfile.class)
@Tag(Exclusive.TAG)
class FactsFloodTest {

    /** Far more than the 256 KiB cap and the few buffers around it, far less than what one unbounded call took. */
    private static final long MOST_HEAP_GROWTH = 96L * 1024 * 1024;

    /** A unix socket where the engine's was, answering every request with an endless JSON array. */
    private static final String ENDLESS_SOCKET = """
            import os, socket, sys, threading
            path = sys.argv[1]
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            server = socket.socket(socket.AF_UNIX)
            server.bind(path)
            server.listen(64)
            chunk = b'{"Id":"' + b'a' * 65000 + b'","Names":["/x"]},'
            def serve(c):
                try:
                    c.recv(65536)
                    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\n\\r\\n[')
                    while True:
                        c.sendall(chunk)
                except OSError:
                    pass
                finally:
                    c.close()
            while True:
                c, _ = server.accept()
                threading.Thread(target=serve, args=(c,), daemon=True).start()
            """;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;

    @AfterEach
    void leave() {
        if (learner != null) {
            sandboxes.reset(learner.id());
        }
    }

    private Response facts() {
        return given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox/facts");
    }

    @Test
    void anEndlessEngineSocketCostsTheServerOnlyTheCapAndTheFactsStillWorkAfterwards() throws Exception {
        learner = Learner.arrive(base);
        Sandbox sandbox = sandboxes.acquire(learner.id());
        String id = sandbox.containerId();
        InContainer.asLearner(HostDocker.client(), id, "printf '%s' '" + ENDLESS_SOCKET.replace("'", "'\\''") + "' > /tmp/endless.py"
                + " && setsid -f python3 /tmp/endless.py \"$XDG_RUNTIME_DIR/docker.sock\" >/dev/null 2>&1 </dev/null");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> InContainer.asLearner(HostDocker.client(), id,
                "curl -s -m 1 --unix-socket $XDG_RUNTIME_DIR/docker.sock http://engine/version | head -c 20").output().startsWith("[{\"Id\""));

        // one call: the heap grows by no more than the cap and its buffers, and the learner is told what was left out
        HeapWatch one = HeapWatch.start();
        Response answer = facts();
        long grew = one.stop();
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(grew).as("heap growth during one facts call against an endless socket").isLessThan(MOST_HEAP_GROWTH);
        assertThat(answer.jsonPath().getString("kernel")).isNotBlank();
        assertThat(answer.jsonPath().getList("notes", String.class)).anyMatch(n -> n.contains("containers is larger than"));

        // eight at once from the same learner: two run, the rest are refused at once; the heap stays bounded
        HeapWatch eight = HeapWatch.start();
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit((Callable<Integer>) () -> facts().statusCode()));
            }
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
        }
        grew = eight.stop();
        assertThat(statuses).as("statuses of eight parallel calls").containsOnly(200, 429)
                .filteredOn(s -> s == 200).hasSizeBetween(1, 2);
        assertThat(grew).as("heap growth during eight parallel facts calls").isLessThan(MOST_HEAP_GROWTH);

        // from the host: nothing the facts started still runs in the sandbox
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                InContainer.asLearner(HostDocker.client(), id, "ps -eo args= | grep -E '^(curl|head) ' || true").output())
                .as("facts processes left in the sandbox").isEmpty());

        // the learner takes their socket back: the facts are normal again, nothing held from before
        InContainer.asLearner(HostDocker.client(), id, "pkill -f endless.py; rm -f $XDG_RUNTIME_DIR/docker.sock");
        for (int i = 0; i < 3; i++) {
            Response normal = facts();
            assertThat(normal.statusCode()).as(normal.asString()).isEqualTo(200);
            assertThat(normal.jsonPath().getList("notes", String.class)).isEmpty();
            assertThat(normal.jsonPath().getBoolean("docker.running")).isFalse();
        }
    }

    /** The heap's peak above what was in use at the start, sampled while a call runs. */
    private static final class HeapWatch {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        private HeapWatch() {
            System.gc();
            baseline = MEMORY.getHeapMemoryUsage().getUsed();
            sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapWatch start() {
            return new HeapWatch();
        }

        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return Math.max(0, peak.get() - baseline);
        }
    }
}
