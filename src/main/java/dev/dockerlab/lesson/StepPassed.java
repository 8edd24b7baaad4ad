package dev.dockerlab.lesson;

import dev.dockerlab.learner.LearnerId;

/**
 * A learner finished a step: its check passed (or it had none), or their answer to its quiz was
 * right. Fired synchronously, so whoever records it (progress) has done so before the learner is
 * answered; lessons need not know who listens.
 */
public record StepPassed(LearnerId learner, String lessonSlug, int step) {
}
