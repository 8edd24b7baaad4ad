package dev.dockerlab.progress;

import java.time.Instant;

/**
 * Where a learner is: the lesson and step their page shows, since when they are on that step,
 * and when their page last said so.
 */
public record Position(String lessonSlug, int step, Instant since, Instant seenAt) {
}
