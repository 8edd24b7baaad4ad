package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** One learner opening a hundred terminals at once: one sandbox, every terminal in it. */
@QuarkusTest
@Tag(Exclusive.TAG)
class CreationStormTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aHundredParallelOpensForOneLearnerMakeExactlyOneSandbox() throws Exception {
        Learner learner = Learner.arrive(base);
        List<TerminalClient> terminals = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TerminalClient>> opens = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                opens.add(pool.submit(() -> learner.terminal(base)));
            }
            for (Future<TerminalClient> f : opens) {
                terminals.add(f.get());
            }
            for (TerminalClient t : terminals) {
                t.awaitText("\"ready\"", Duration.ofSeconds(60));
            }
            long made = HostDocker.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("dockerlab.learner", learner.id().hash())).exec().size();
            assertThat(made).isEqualTo(1);
            assertThat(terminals.get(99).run("echo one-of-a-hundred")).isEqualTo("one-of-a-hundred");
        } finally {
            terminals.forEach(TerminalClient::abort);
            sandboxes.reset(learner.id());
        }
    }
}
