package dev.dockerlab.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The server's clock in every test: the system's, unless a test stops it at a chosen instant to
 * act at that time (a learner typing just before the idle reaper looks). Put it back with
 * {@link #useSystemTime()}: the test classes share the server.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private volatile Instant stoppedAt;

    /** From now on the clock answers {@code at}, until {@link #useSystemTime()}. */
    public void stopAt(Instant at) {
        stoppedAt = at;
    }

    public void useSystemTime() {
        stoppedAt = null;
    }

    @Override
    public Instant instant() {
        Instant at = stoppedAt;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
