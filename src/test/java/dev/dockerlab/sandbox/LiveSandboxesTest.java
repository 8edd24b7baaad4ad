package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The registry of live sandboxes on its own: no engine, no server. */
class LiveSandboxesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final LiveSandboxes live = new LiveSandboxes(2, Clock.fixed(T0, ZoneOffset.UTC));

    private static Sandbox sandbox(String hash) {
        return new Sandbox("id-" + hash, "dockerlab-" + hash, hash, T0);
    }

    @Test
    void capacityCountsLiveSandboxesAndThoseBeingMadeAndIsGivenBack() {
        var first = live.reserve();
        assertThat(live.occupied()).as("a place being made counts").isEqualTo(1);
        live.add(first, "a", sandbox("a"), SandboxProfile.PLAIN);
        assertThat(live.occupied()).as("the place became the sandbox, counted once").isEqualTo(1);
        first.close();
        assertThat(live.occupied()).as("closing a used place gives nothing back twice").isEqualTo(1);

        var second = live.reserve();
        assertThatThrownBy(live::reserve).isInstanceOf(SandboxException.AtCapacity.class)
                .hasMessageContaining("max-sandboxes");
        assertThat(live.room()).isZero();

        second.close();
        assertThat(live.occupied()).as("a failed making gives its place back").isEqualTo(1);
        live.reserve().close();

        assertThat(live.remove("a")).isPresent();
        assertThat(live.occupied()).as("a removed sandbox gives its place back").isZero();
        assertThat(live.remove("a")).as("removed once").isEmpty();
        assertThat(live.room()).isEqualTo(2);
    }

    @Test
    void adoptionIsNeverRefusedButFillsPlaces() {
        live.adopt("a", sandbox("a"), SandboxProfile.PLAIN, T0);
        live.adopt("b", sandbox("b"), SandboxProfile.DOCKER, T0);
        assertThat(live.adopt("c", sandbox("c"), SandboxProfile.PLAIN, T0)).isTrue();
        assertThat(live.adopt("c", sandbox("c"), SandboxProfile.PLAIN, T0)).as("known already").isFalse();
        assertThat(live.occupied()).isEqualTo(3);
        assertThat(live.room()).isZero();
        assertThatThrownBy(live::reserve).isInstanceOf(SandboxException.AtCapacity.class);

        live.forgetAll();
        assertThat(live.occupied()).as("as a freshly started server").isZero();
        assertThat(live.get("a")).isEmpty();
    }

    @Test
    void activityIsTakenFromTheClock() {
        var place = live.reserve();
        live.add(place, "a", sandbox("a"), SandboxProfile.PLAIN);
        assertThat(live.get("a")).hasValueSatisfying(e -> assertThat(e.lastActivity()).isEqualTo(T0));

        var later = new LiveSandboxes(2, Clock.offset(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofMinutes(5)));
        later.adopt("a", sandbox("a"), SandboxProfile.PLAIN, T0);
        later.touch("a");
        assertThat(later.get("a")).hasValueSatisfying(e -> assertThat(e.lastActivity()).isEqualTo(T0.plusSeconds(300)));
        assertThat(later.get(new Sandbox("other", "x", "a", T0))).as("not this learner's live sandbox").isEmpty();
    }

    @Test
    void locksAreReleasedAndLeaveNothingBehind() {
        try (var held = live.lock("a")) {
            assertThat(live.busy("a")).isTrue();
            assertThat(live.lockedLearners()).isEqualTo(1);
        }
        live.tryLock("b").ifPresent(LearnerLocks.Held::close);
        assertThat(live.busy("a")).isFalse();
        assertThat(live.lockedLearners()).isZero();
    }

    /** What {@link SandboxService#acquire} does for a learner with no sandbox, from many threads at once. */
    @Test
    void concurrentFirstUsesOfOneLearnerAreSerialisedAndMakeOneSandbox() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Sandbox>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (var held = live.lock("a")) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        try {
                            var known = live.get("a");
                            if (known.isPresent()) {
                                return known.get().sandbox();
                            }
                            try (var place = live.reserve()) {
                                Thread.sleep(5); // the engine making a container
                                Sandbox fresh = sandbox("a");
                                made.incrementAndGet();
                                live.add(place, "a", fresh, SandboxProfile.PLAIN);
                                return fresh;
                            }
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            for (var r : results) {
                assertThat(r.get().containerId()).isEqualTo("id-a");
            }
        }
        assertThat(made).as("one sandbox made").hasValue(1);
        assertThat(mostInside).as("one at a time under the learner's lock").hasValue(1);
        assertThat(live.occupied()).isEqualTo(1);
        assertThat(live.lockedLearners()).as("every lock released").isZero();
    }

    @Test
    void aLearnersOtherNodesTakePlacesAndGoWithTheirSandbox() {
        LiveSandboxes five = new LiveSandboxes(5, Clock.fixed(T0, ZoneOffset.UTC));
        five.add(five.reserve(), "a", sandbox("a"), SandboxProfile.DOCKER);
        five.setNodes("a", 2);
        assertThat(five.occupied()).as("node 1 and two more").isEqualTo(3);
        five.setNodes("a", 2);
        assertThat(five.occupied()).as("asking again for the same nodes takes nothing more").isEqualTo(3);
        five.add(five.reserve(), "b", sandbox("b"), SandboxProfile.DOCKER);
        assertThatThrownBy(() -> five.setNodes("b", 2)).as("b's two more nodes would make 6 of 5")
                .isInstanceOf(SandboxException.AtCapacity.class);
        assertThat(five.occupied()).as("a refused group takes nothing").isEqualTo(4);
        five.setNodes("b", 1);
        assertThat(five.room()).isZero();
        five.remove("a");
        assertThat(five.occupied()).as("a's nodes went with a's sandbox").isEqualTo(2);
        five.adoptNodes("b", 4);
        assertThat(five.occupied()).as("what the engine holds counts, fitting or not").isEqualTo(5);
    }
}
