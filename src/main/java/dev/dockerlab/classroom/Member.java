package dev.dockerlab.classroom;

import java.time.Instant;

/**
 * A learner in a workshop, by {@code LearnerId.hash()} (what the database, container labels and
 * progress use; never the cookie), with the display name they gave when they joined.
 */
public record Member(String learnerHash, String name, Instant joinedAt) {
}
