package dev.dockerlab.sandbox;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per learner, held while their sandbox is created, adopted or removed. An entry lives
 * only while someone holds or waits for it: the last to let go removes it, so the map holds the
 * learners busy right now and no more, however many come and go (a flood of resets once grew it
 * by one entry per request, for ever).
 */
final class LearnerLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        /** Holders and waiters; changed only inside the map's compute, which is atomic per key. */
        int users;
    }

    /** A held lock; closing it lets go. */
    final class Held implements AutoCloseable {
        private final String key;
        private final Entry entry;

        private Held(String key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public void close() {
            entry.lock.unlock();
            leave(key, entry);
        }
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Waits for the learner's lock (reentrant: a holder may take it again). */
    Held lock(String key) {
        Entry entry = enter(key);
        entry.lock.lock();
        return new Held(key, entry);
    }

    /** The learner's lock if nobody holds it now. */
    Optional<Held> tryLock(String key) {
        Entry entry = enter(key);
        if (entry.lock.tryLock()) {
            return Optional.of(new Held(key, entry));
        }
        leave(key, entry);
        return Optional.empty();
    }

    /** Someone holds or waits for this learner's lock: their sandbox is being made or removed. */
    boolean busy(String key) {
        return entries.containsKey(key);
    }

    /** Learners whose lock is held or awaited right now. */
    int size() {
        return entries.size();
    }

    private Entry enter(String key) {
        return entries.compute(key, (k, old) -> {
            Entry entry = old == null ? new Entry() : old;
            entry.users++;
            return entry;
        });
    }

    private void leave(String key, Entry entry) {
        entries.computeIfPresent(key, (k, current) -> {
            if (current != entry) {
                return current;
            }
            current.users--;
            return current.users == 0 ? null : current;
        });
    }
}
