package dev.dockerlab.sandbox;

/**
 * A learner was refused by a limit that protects the server (the name of its setting, such as
 * {@code max-sandboxes}). Fired synchronously where the refusal is made; the learner's own answer
 * is the exception that follows.
 */
public record CapacityRefused(String limit) {
}
