package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Statistics;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Stats;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A learner who tries to take the machine down from their own shell. Each case: what was tried,
 * that it stayed inside the attacker's sandbox, and that another learner and the server noticed
 * nothing.
 */
@QuarkusTest
@Tag(Exclusive.TAG)
class ResourceAttacksTest {

    private static final String PROMPT = "learner@sandbox";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private final List<Learner> learners = new ArrayList<>();
    private final List<TerminalClient> terminals = new ArrayList<>();

    private TerminalClient terminalOfNewLearner() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        TerminalClient terminal = learner.terminal(base);
        terminals.add(terminal);
        terminal.await(PROMPT);
        return terminal;
    }

    @AfterEach
    void cleanUp() {
        terminals.forEach(TerminalClient::abort);
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    @Test
    void aForkBombStopsAtThePidsLimitAndAnotherLearnerStillGetsAnswers() {
        TerminalClient attacker = terminalOfNewLearner();
        TerminalClient neighbour = terminalOfNewLearner();
        String attackerId = sandboxes.find(learners.get(0).id()).orElseThrow().containerId();

        attacker.type("bomb() { bomb | bomb & }; bomb\r");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pids(attackerId) >= 200);

        assertThat(pids(attackerId)).as("processes in the attacker's sandbox").isLessThanOrEqualTo(256);
        assertThat(neighbour.run("echo neighbour-fine")).isEqualTo("neighbour-fine");
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aMemoryHogIsKilledInsideItsOwnSandboxAndTheLearnerSeesIt() {
        TerminalClient attacker = terminalOfNewLearner();
        TerminalClient neighbour = terminalOfNewLearner();

        // tail keeps a line without end in memory: it grows until the OOM killer stops it
        attacker.type("tail /dev/zero; echo hog-exit-$?\r");
        attacker.await("Killed.*hog-exit-137", Duration.ofSeconds(60));

        assertThat(attacker.run("echo still-alive")).as("the attacker's shell survives").isEqualTo("still-alive");
        assertThat(neighbour.run("echo neighbour-fine")).isEqualTo("neighbour-fine");
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aCpuBurnIsThrottledToTheQuota() throws Exception {
        TerminalClient attacker = terminalOfNewLearner();
        TerminalClient neighbour = terminalOfNewLearner();
        String attackerId = sandboxes.find(learners.get(0).id()).orElseThrow().containerId();

        attacker.type("for i in 1 2 3 4; do (while :; do :; done) & done\r");
        Thread.sleep(1500);
        Statistics first = stats(attackerId);
        Thread.sleep(3000);
        Statistics second = stats(attackerId);

        long usedNanos = second.getCpuStats().getCpuUsage().getTotalUsage() - first.getCpuStats().getCpuUsage().getTotalUsage();
        double seconds = Duration.between(java.time.Instant.parse(first.getRead()), java.time.Instant.parse(second.getRead())).toNanos() / 1e9;
        double cores = usedNanos / 1e9 / seconds;
        assertThat(cores).as("four busy loops get at most the 1.0-core quota (with measuring slack)").isLessThan(1.25);
        // On a busy host the loops may get less than their quota for a while (other work has the
        // cores): then nothing needs throttling yet. Keep burning until a period over the quota comes.
        long throttled = second.getCpuStats().getThrottlingData().getThrottledPeriods();
        for (int i = 0; i < 30 && throttled == 0; i++) {
            Thread.sleep(1000);
            throttled = stats(attackerId).getCpuStats().getThrottlingData().getThrottledPeriods();
        }
        assertThat(throttled).as("the kernel throttled it").isPositive();
        assertThat(neighbour.run("echo neighbour-fine")).isEqualTo("neighbour-fine");
    }

    @Test
    void aDiskFloodFillsOnlyTheLearnersOwnCappedSpace() {
        TerminalClient attacker = terminalOfNewLearner();
        String out = attacker.run("dd if=/dev/zero of=~/big bs=1M count=2000 2>&1 | grep -o 'No space left on device';"
                + " dd if=/dev/zero of=/tmp/big bs=1M count=2000 2>&1 | grep -o 'No space left on device';"
                + " touch /flood 2>&1; df -m ~ /tmp | tail -2 | awk '{print $2}'");
        assertThat(out).as("home full, /tmp full, the image read-only, sizes in MiB").isEqualTo(
                "No space left on device\nNo space left on device\ntouch: cannot touch '/flood': Read-only file system\n256\n64");
        assertThat(attacker.run("rm -f ~/big /tmp/big; echo cleaned")).isEqualTo("cleaned");
    }

    @Test
    void anOutputFloodIsHeldInTheContainerNotInTheServersHeap() throws Exception {
        TerminalClient attacker = terminalOfNewLearner();
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();

        // a browser that renders slowly: it acknowledges only now and then
        attacker.pauseAcks();
        attacker.type("cat /dev/zero | tr '\\0' x\r");
        for (int i = 0; i < 20; i++) {
            Thread.sleep(150);
            attacker.ackAll();
        }
        long received = attacker.receivedBytes();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();

        attacker.type("\u0003");
        attacker.resumeAcks();
        assertThat(attacker.run("echo flood-over")).isEqualTo("flood-over");
        assertThat(received).as("output did flow").isGreaterThan(100_000);
        assertThat(after - before).as("heap growth while flooding (bytes)").isLessThan(64L << 20);
    }

    private long pids(String containerId) {
        Long current = stats(containerId).getPidsStats().getCurrent();
        return current == null ? 0 : current;
    }

    private Statistics stats(String containerId) {
        return Stats.of(HostDocker.client(), containerId);
    }
}
