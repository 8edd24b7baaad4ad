package dev.dockerlab.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each learner keeps in their own space of the push registry, against
 * {@code dockerlab.docker.push-quota}: what the registry held for them when this server first
 * saw them push ({@link PushedImages}), plus every byte they upload since, finished or not (the
 * registry keeps an unfinished upload on disk until it purges it). What a learner deletes counts
 * until the server restarts.
 */
final class PushQuota {

    private final long quota;
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();

    PushQuota(long quota) {
        this.quota = quota;
    }

    long quota() {
        return quota;
    }

    /** True once the learner's usage is known here (read from the registry, or counted). */
    boolean known(String learnerHash) {
        return used.containsKey(learnerHash);
    }

    /** Starts the learner's count at what the registry keeps for them, unless it is counting already. */
    void start(String learnerHash, long kept) {
        used.putIfAbsent(learnerHash, new AtomicLong(kept));
    }

    /** Bytes counted for the learner. */
    long used(String learnerHash) {
        AtomicLong counted = used.get(learnerHash);
        return counted == null ? 0 : counted.get();
    }

    /** Bytes the learner may still push. */
    long remaining(String learnerHash) {
        return Math.max(0, quota - used(learnerHash));
    }

    /** Counts {@code bytes} more; false once they would take the learner past the quota (then nothing is counted). */
    boolean take(String learnerHash, long bytes) {
        AtomicLong counted = used.computeIfAbsent(learnerHash, h -> new AtomicLong());
        if (counted.addAndGet(bytes) > quota) {
            counted.addAndGet(-bytes);
            return false;
        }
        return true;
    }
}
