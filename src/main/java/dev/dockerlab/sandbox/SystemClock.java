package dev.dockerlab.sandbox;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The time sandboxes are idle or old by: the system's, in production; a test may put its own clock in its place. */
class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
