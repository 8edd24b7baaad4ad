package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Terminals opened and dropped without a goodbye, 300 times: execs in the sandbox, threads and
 * file descriptors in the server must come back to where they were (a leak of one descriptor in
 * fifteen cycles shows). Heavy: runs with -Pheavy (deploy/test.sh and CI do);
 * {@code -Dattacks.cycles=1000} for a longer soak.
 */
@QuarkusTest
@Tag("heavy")
@Tag(Exclusive.TAG)
class OpenAndDropCyclesTest {

    private static final int CYCLES = Integer.getInteger("attacks.cycles", 300);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aThousandOpenAndDropCyclesLeaveExecsThreadsAndFilesWhereTheyWere() {
        Learner learner = Learner.arrive(base);
        try {
            try (TerminalClient warmUp = learner.terminal(base)) {
                warmUp.await("learner@sandbox");
            }
            String sandbox = sandboxes.find(learner.id()).orElseThrow().containerId();
            awaitNoClients(sandbox);
            int threads = Thread.activeCount();
            int files = openFiles();

            for (int i = 0; i < CYCLES; i++) {
                TerminalClient tab = learner.terminal(base);
                tab.awaitText("\"ready\"", Duration.ofSeconds(20));
                tab.abort();
            }

            awaitNoClients(sandbox);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Thread.activeCount()).as("server threads, before: " + threads).isLessThanOrEqualTo(threads + 10);
                assertThat(openFiles()).as("server file descriptors, before: " + files).isLessThanOrEqualTo(files + 20);
            });
        } finally {
            sandboxes.reset(learner.id());
        }
    }

    private void awaitNoClients(String sandbox) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                InContainer.attachedClients(HostDocker.client(), sandbox))
                .as("attaches and PID files left in the sandbox").isEqualTo("0\n0"));
    }

    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
