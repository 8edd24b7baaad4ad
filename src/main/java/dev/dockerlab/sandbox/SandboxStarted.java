package dev.dockerlab.sandbox;

import java.time.Duration;

/**
 * A learner got a new sandbox: from the warm pool (a claim) or made for them. Fired
 * synchronously after it counts as live, for whoever keeps figures of it.
 */
public record SandboxStarted(SandboxProfile profile, boolean fromPool, Duration took) {
}
