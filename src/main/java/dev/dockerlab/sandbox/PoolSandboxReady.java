package dev.dockerlab.sandbox;

/**
 * A warm-pool sandbox is started and its shell is running, just before it can be claimed. Fired
 * synchronously on the pool's filler thread: an observer may prepare more for the sandbox's first
 * learner (the terminal starts its exec in advance) and is waited for.
 */
public record PoolSandboxReady(Sandbox sandbox) {
}
