package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.sandbox.SandboxConfig;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HardeningAudit;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every container this server created, read back from the engine: the hardening holds on each. */
@QuarkusTest
class ConfigurationAuditTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    SandboxConfig config;

    @Test
    void everyContainerTheServerCreatedPassesTheAudit() {
        List<Learner> learners = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Learner learner = Learner.arrive(base);
                learners.add(learner);
                try (TerminalClient terminal = learner.terminal(base)) {
                    terminal.await("learner@sandbox");
                }
            }
            List<Container> created = HostDocker.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("dockerlab.managed", "true", "dockerlab.instance", config.instance())).exec();
            assertThat(created).as("sandboxes only: the one-shot firewall helper is gone")
                    .hasSizeGreaterThanOrEqualTo(3).allMatch(c -> "sandbox".equals(c.getLabels().get("dockerlab.role")));
            List<String> problems = new ArrayList<>();
            for (Container c : created) {
                problems.addAll(HardeningAudit.problems(HostDocker.client().inspectContainerCmd(c.getId()).exec()));
            }
            assertThat(problems).isEmpty();
        } finally {
            learners.forEach(l -> sandboxes.reset(l.id()));
        }
    }
}
