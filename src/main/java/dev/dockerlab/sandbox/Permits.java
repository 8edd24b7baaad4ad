package dev.dockerlab.sandbox;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most {@code perKey} calls at once for one key (a learner) and {@code total} for all keys
 * together. A call beyond either is refused at once rather than queued: a queue would be one more
 * thing a flood could fill. A key's entry lives only while it holds a permit, so refused or
 * finished callers leave nothing behind.
 */
final class Permits {

    private final Semaphore total;
    private final int perKey;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    Permits(int total, int perKey) {
        this.total = new Semaphore(Math.max(1, total));
        this.perKey = Math.max(1, perKey);
    }

    /** A permit for {@code key}, to close when the call ends; empty when the key or everyone is at the limit. */
    Optional<Permit> tryAcquire(String key) {
        boolean[] got = new boolean[1];
        held.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            got[0] = count < perKey;
            return got[0] ? count + 1 : n;
        });
        if (!got[0]) {
            return Optional.empty();
        }
        if (!total.tryAcquire()) {
            release(key);
            return Optional.empty();
        }
        return Optional.of(new Permit(this, key));
    }

    private void release(String key) {
        held.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Keys holding a permit now (for tests: nothing stays behind). */
    int keys() {
        return held.size();
    }

    /** One running call; closing it twice releases once. */
    static final class Permit implements AutoCloseable {
        private final Permits permits;
        private final String key;
        private boolean closed;

        private Permit(Permits permits, String key) {
            this.permits = permits;
            this.key = key;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                permits.total.release();
                permits.release(key);
            }
        }
    }
}
