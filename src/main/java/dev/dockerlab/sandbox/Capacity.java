package dev.dockerlab.sandbox;

/**
 * What this server can hold, for an instructor before a class: {@code max-sandboxes} and what
 * runs now, and the engine host's memory and CPUs beside each sandbox's limits (0 when the engine
 * did not say). A sandbox's memory is a limit, not a reservation: most use far less.
 */
public record Capacity(int maxSandboxes, int live, int pooled, int room, long memoryPerSandbox, double cpusPerSandbox,
        long engineMemory, int engineCpus) {

    /** Sandboxes the engine's memory holds if every one used its whole limit. */
    public long fitInMemory() {
        return memoryPerSandbox <= 0 ? 0 : engineMemory / memoryPerSandbox;
    }
}
