package dev.dockerlab.sandbox;

import java.time.Instant;

/** One learner's container, as far as the server needs to know it. */
public record Sandbox(String containerId, String name, String learnerHash, Instant createdAt) {

    public String shortId() {
        return containerId.substring(0, Math.min(12, containerId.length()));
    }
}
