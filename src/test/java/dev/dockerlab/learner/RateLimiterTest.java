package dev.dockerlab.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstOfTheLimitPassesThenOnePerShareOfTheMinute() {
        RateLimiter limiter = new RateLimiter(6, now::get);
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.tryTake("a")).as("take %d", i).isTrue();
        }
        assertThat(limiter.tryTake("a")).isFalse();
        assertThat(limiter.tryTake("b")).as("another key has its own bucket").isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(limiter.tryTake("a")).as("9 s refill less than one token").isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.tryTake("a")).as("10 s: one token back").isTrue();
        assertThat(limiter.retryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void keysWhoseBucketIsFullAgainAreForgotten() {
        RateLimiter limiter = new RateLimiter(60, now::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryTake("client-" + i);
        }
        assertThat(limiter.size()).isEqualTo(10_000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(limiter.size()).as("one token each refilled after a second").isZero();
    }

    @Test
    void zeroMeansNoLimitAndRemembersNothing() {
        RateLimiter limiter = new RateLimiter(0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryTake("a")).isTrue();
        }
        assertThat(limiter.size()).isZero();
    }
}
