package dev.dockerlab.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections each source address, and all of them together, hold open to the registry
 * gate. Every open connection is a file descriptor of this server: without a bound, one sandbox
 * opening idle connections in a loop runs the server out of them, and pages and terminals stop
 * answering for everyone.
 */
final class GateConnections {

    private final int perSource;
    private final int total;
    private final Map<String, Integer> bySource = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    GateConnections(int perSource, int total) {
        this.perSource = perSource;
        this.total = total;
    }

    /** Counts a new connection from {@code source}; false (and not counted) when a limit is reached. */
    boolean admit(String source) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return false;
        }
        boolean[] admitted = new boolean[1];
        bySource.compute(source, (s, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < perSource;
            int next = admitted[0] ? now + 1 : now;
            return next == 0 ? null : next;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
        }
        return admitted[0];
    }

    /** An admitted connection from {@code source} closed. */
    void release(String source) {
        open.decrementAndGet();
        bySource.computeIfPresent(source, (s, count) -> count <= 1 ? null : count - 1);
    }

    int open() {
        return open.get();
    }

    int openFrom(String source) {
        return bySource.getOrDefault(source, 0);
    }
}
