package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LearnerLocksTest {

    private final LearnerLocks locks = new LearnerLocks();

    @Test
    void anEntryLivesOnlyWhileHeldOrAwaited() {
        try (var held = locks.lock("a")) {
            assertThat(locks.busy("a")).isTrue();
            try (var again = locks.lock("a")) {
                assertThat(locks.size()).as("reentrant: one entry").isEqualTo(1);
            }
            assertThat(locks.busy("a")).as("still held by the outer").isTrue();
        }
        assertThat(locks.busy("a")).isFalse();
        assertThat(locks.size()).isZero();
    }

    @Test
    void aFailedTryLockLeavesNothingBehind() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = pool.submit(() -> {
                try (var held = locks.lock("a")) {
                    taken.countDown();
                    done.await();
                }
                return null;
            });
            taken.await();
            assertThat(locks.tryLock("a")).isEmpty();
            assertThat(locks.tryLock("b")).hasValueSatisfying(LearnerLocks.Held::close);
            done.countDown();
            holder.get();
        }
        assertThat(locks.size()).isZero();
    }

    @Test
    void manyLearnersContendingLeaveAnEmptyMapAndNeverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                String key = "learner-" + (i % 50);
                boolean tryOnly = i % 3 == 0;
                work.add(pool.submit(() -> {
                    var held = tryOnly ? locks.tryLock(key).orElse(null) : locks.lock(key);
                    if (held == null) {
                        return;
                    }
                    try (held) {
                        if (key.equals("learner-7") && inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        if (key.equals("learner-7")) {
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        assertThat(overlaps).hasValue(0);
        assertThat(locks.size()).as("entries left after everyone let go").isZero();
    }
}
