package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keeping of attaches started before their terminal: each is handed out once, and none is left behind. */
class PreparedAttachesTest {

    /** An attach as the keeper sees one: alive or not, and how it ended. */
    static final class FakeAttach implements PreparedAttaches.Attach {
        volatile boolean alive = true;
        final AtomicInteger hungUp = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public void hangUp() {
            hungUp.incrementAndGet();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private PreparedAttaches<FakeAttach> keeper(Duration keep, int max) {
        return new PreparedAttaches<>(background, keep, max);
    }

    @Test
    void aReturningLearnersAttachIsTakenOnceAndThenNotHungUp() throws Exception {
        var keeper = keeper(Duration.ofMillis(300), 4);
        FakeAttach attach = new FakeAttach();
        assertThat(keeper.prepareForReturning("c1", () -> attach)).isTrue();

        assertThat(keeper.take("c1", Duration.ofSeconds(5))).isSameAs(attach);
        assertThat(keeper.take("c1", Duration.ofSeconds(5))).as("handed out once").isNull();
        assertThat(keeper.returningCount()).isZero();
        Thread.sleep(600);
        assertThat(attach.hungUp).as("the terminal that took it owns it now").hasValue(0);
    }

    @Test
    void anAttachNobodyTakesIsHungUpAfterTheKeep() {
        var keeper = keeper(Duration.ofMillis(200), 4);
        FakeAttach attach = new FakeAttach();
        keeper.prepareForReturning("c1", () -> attach);

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attach.hungUp).hasValue(1));
        assertThat(keeper.returningCount()).isZero();
        assertThat(keeper.take("c1", Duration.ofSeconds(1))).as("gone once hung up").isNull();
    }

    @Test
    void aTerminalWaitsForAnAttachStillBeingStarted() throws Exception {
        var keeper = keeper(Duration.ofSeconds(10), 4);
        FakeAttach attach = new FakeAttach();
        CountDownLatch starting = new CountDownLatch(1);
        keeper.prepareForReturning("c1", () -> {
            try {
                starting.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return attach;
        });
        background.execute(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            starting.countDown();
        });
        assertThat(keeper.take("c1", Duration.ofSeconds(5))).isSameAs(attach);
    }

    @Test
    void anAttachStillStartingWhenTheTerminalGivesUpIsHungUpOnceStarted() {
        var keeper = keeper(Duration.ofSeconds(10), 4);
        FakeAttach attach = new FakeAttach();
        CountDownLatch starting = new CountDownLatch(1);
        keeper.prepareForReturning("c1", () -> {
            try {
                starting.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return attach;
        });
        assertThat(keeper.take("c1", Duration.ofMillis(50))).as("not there in time: the terminal starts its own").isNull();
        starting.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attach.hungUp).hasValue(1));
    }

    @Test
    void aDeadOrOverflowedAttachIsNotHandedOutAndIsHungUp() {
        var keeper = keeper(Duration.ofSeconds(10), 4);
        FakeAttach attach = new FakeAttach();
        // it ended, or its early output ran past what it keeps, before the terminal came
        attach.alive = false;
        keeper.prepareForReturning("c1", () -> attach);
        assertThat(keeper.take("c1", Duration.ofSeconds(5))).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attach.hungUp).hasValue(1));
    }

    @Test
    void oneAttachPerSandboxAndNoMoreThanTheBudget() {
        var keeper = keeper(Duration.ofSeconds(10), 2);
        AtomicInteger started = new AtomicInteger();
        assertThat(keeper.prepareForReturning("c1", () -> count(started))).isTrue();
        assertThat(keeper.prepareForReturning("c1", () -> count(started))).as("one per sandbox").isFalse();
        assertThat(keeper.prepareForReturning("c2", () -> count(started))).isTrue();
        assertThat(keeper.prepareForReturning("c3", () -> count(started))).as("beyond the budget").isFalse();
        assertThat(keeper.returningCount()).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started).hasValue(2));

        keeper.take("c1", Duration.ofSeconds(5));
        assertThat(keeper.prepareForReturning("c3", () -> count(started))).as("room again once one is taken").isTrue();
    }

    @Test
    void aFailedStartLeavesNothingAndTheTerminalStartsItsOwn() {
        var keeper = keeper(Duration.ofSeconds(10), 4);
        keeper.prepareForReturning("c1", () -> {
            throw new IllegalStateException("the sandbox stopped");
        });
        assertThat(keeper.take("c1", Duration.ofSeconds(5))).isNull();
        assertThat(keeper.returningCount()).isZero();
    }

    @Test
    void aStoppingServerClosesThePoolsAttachesAndHangsUpTheReturningLearners() {
        var keeper = keeper(Duration.ofSeconds(10), 4);
        FakeAttach pool = new FakeAttach();
        FakeAttach returning = new FakeAttach();
        keeper.putForPool("pool-1", pool);
        keeper.prepareForReturning("c1", () -> returning);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> keeper.returningCount() == 1);

        keeper.closeAll();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(pool.closed).as("the pool sandbox goes with the server").hasValue(1);
            assertThat(returning.hungUp).as("the learner's shell stays: its attach is hung up").hasValue(1);
        });
        assertThat(pool.hungUp).hasValue(0);
        assertThat(keeper.returningCount()).isZero();
    }

    @Test
    void aPoolAttachIsKeptUntilItsFirstLearnerTakesIt() throws Exception {
        var keeper = keeper(Duration.ofMillis(100), 4);
        FakeAttach pool = new FakeAttach();
        keeper.putForPool("pool-1", pool);
        Thread.sleep(400);
        assertThat(keeper.take("pool-1", Duration.ofSeconds(1))).as("no keep for the pool's").isSameAs(pool);
        assertThat(pool.hungUp).hasValue(0);
    }

    private static FakeAttach count(AtomicInteger started) {
        started.incrementAndGet();
        return new FakeAttach();
    }
}
