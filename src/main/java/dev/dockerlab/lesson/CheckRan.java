package dev.dockerlab.lesson;

import java.time.Duration;

/** A step's check ran in a learner's sandbox: how it ended and how long it took. Fired synchronously. */
public record CheckRan(Result result, Duration took) {

    public enum Result {
        PASSED, FAILED, TIMED_OUT
    }
}
