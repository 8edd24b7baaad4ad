package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Killercoda scenarios shaped like real ones work as they are, against the real engine: their set-up
 * scripts run (a background one starts what a step asks the learner to find, a foreground one waits
 * for it in the terminal), their assets are in place, each verify fails before the learner's work
 * and passes after it, a "Run solution" with an interrupt stops a command that never ends, and the
 * scenario that uses Docker gets the learner's own engine.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
class KillercodaWorkTest {

    private static final Duration CHECK_PASSES_WITHIN = Duration.ofSeconds(Long.getLong("lessons.check-within", 120));

    @TestHTTPResource("/")
    URI base;

    @Inject
    LessonCatalog catalog;

    @Inject
    SandboxService sandboxes;

    /** The fixture lessons' scenarios shaped like real Killercoda ones (test-lessons/09-processes, 10-docker-web). */
    private static final List<String> SCENARIOS = List.of("processes", "docker-web");

    @TestFactory
    Stream<DynamicTest> everyScenarioCanBeWorkedThroughAsOnKillercoda() {
        assertThat(SCENARIOS).allSatisfy(slug -> assertThat(catalog.find(slug)).as("fixture lesson " + slug).isPresent());
        return SCENARIOS.stream().map(catalog::get)
                .map(lesson -> dynamicTest(lesson.slug(), () -> new LessonWalk(base, sandboxes, CHECK_PASSES_WITHIN)
                        .workThrough(lesson)));
    }
}
