package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Lessons are tested like code: for every lesson under lessons/, a fresh learner with a fresh
 * sandbox works through the steps in order ({@link LessonWalk}; a Killercoda scenario's set-up
 * scripts run as the page runs them). Each check must fail before its solution (unless the
 * step says it cannot), the solution is typed into the real terminal WebSocket as a learner's
 * "Run solution" would, and the check must then pass. Each quiz is answered wrongly (the server
 * must say so) and then with the options its file marks right (the server must accept them).
 */
@QuarkusTest
class LessonsWorkTest {

    // A Docker step's solution may pull an image (python is 150 MB) and start containers, which on a
    // busy machine (CI, or many test runs at once) takes most of a minute or more; a passing check
    // ends the wait at once. -Dlessons.check-within=<seconds> changes it.
    private static final Duration CHECK_PASSES_WITHIN = Duration.ofSeconds(Long.getLong("lessons.check-within", 120));

    /** Lessons walked at once (-Dlessons.walkers=1 walks them one by one). */
    private static final int WALKERS = Integer.getInteger("lessons.walkers", 2);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LessonCatalog catalog;

    @Inject
    SandboxService sandboxes;

    @TestFactory
    Stream<DynamicTest> everyLessonCanBeWorkedThroughWithItsSolutions() {
        assertThat(catalog.all()).as("lessons under lessons/").isNotEmpty();
        // -Dlessons.only=slug,slug works through just those lessons while one is being written
        Set<String> only = Set.of(System.getProperty("lessons.only", "").split(",")).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        List<Lesson> lessons = catalog.all().stream().filter(lesson -> only.isEmpty() || only.contains(lesson.slug())).toList();
        // Walks run WALKERS at a time, each its own learner and sandbox (a walk mostly waits on the
        // engine and the sandbox's own Docker); each lesson's test then reports its own walk.
        ExecutorService walkers = Executors.newFixedThreadPool(WALKERS);
        Map<String, Future<?>> walks = new LinkedHashMap<>();
        lessons.forEach(lesson -> walks.put(lesson.slug(), walkers.submit(() -> workThrough(lesson))));
        walkers.shutdown();
        return lessons.stream().map(lesson -> dynamicTest(lesson.slug(), () -> {
            try {
                walks.get(lesson.slug()).get();
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }));
    }

    private void workThrough(Lesson lesson) {
        new LessonWalk(base, sandboxes, CHECK_PASSES_WITHIN).workThrough(lesson);
    }
}
