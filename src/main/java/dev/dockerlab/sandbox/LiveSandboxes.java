package dev.dockerlab.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sandboxes this server knows to be live, one per learner: a cache of the engine, which the
 * reconcile keeps true ({@link SandboxAdoption}). It holds the learners' locks, under which a
 * sandbox is made, adopted or removed, and it is the one place that counts capacity: the live
 * sandboxes plus the places reserved for those being made. Nothing here talks to the engine.
 */
@ApplicationScoped
class LiveSandboxes {

    private final ConcurrentMap<String, Entry> byLearner = new ConcurrentHashMap<>();
    private final LearnerLocks locks = new LearnerLocks();
    /** Sandboxes being made: a place is taken by {@link #reserve} and given back when it closes. */
    private final AtomicInteger making = new AtomicInteger();
    private final int capacity;
    private final Clock clock;

    @Inject
    LiveSandboxes(SandboxConfig config, Clock clock) {
        this(config.maxSandboxes(), clock);
    }

    LiveSandboxes(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A live sandbox, what it can do, and when its learner last did something with it. */
    static final class Entry {
        private final Sandbox sandbox;
        private final SandboxProfile profile;
        private volatile Instant lastActivity;
        /** Made as node 1 of a group (hostname node1). */
        private volatile boolean firstNode;
        /** The learner's nodes beyond this sandbox ({@link NodeGroups}): each counts against the capacity. */
        private volatile int moreNodes;

        private Entry(Sandbox sandbox, SandboxProfile profile, Instant lastActivity) {
            this.sandbox = sandbox;
            this.profile = profile;
            this.lastActivity = lastActivity;
        }

        Sandbox sandbox() {
            return sandbox;
        }

        SandboxProfile profile() {
            return profile;
        }

        boolean firstNode() {
            return firstNode;
        }

        void markFirstNode() {
            firstNode = true;
        }

        Instant lastActivity() {
            return lastActivity;
        }
    }

    /** A place for one sandbox being made; closing it gives the place back unless the sandbox took it ({@link #add}). */
    final class Reservation implements AutoCloseable {
        private boolean open = true;

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                making.decrementAndGet();
            }
        }
    }

    Optional<Entry> get(String learnerHash) {
        return Optional.ofNullable(byLearner.get(learnerHash));
    }

    /** The learner's live sandbox, if it is still this one. */
    Optional<Entry> get(Sandbox sandbox) {
        return get(sandbox.learnerHash()).filter(e -> e.sandbox.containerId().equals(sandbox.containerId()));
    }

    boolean contains(String learnerHash) {
        return byLearner.containsKey(learnerHash);
    }

    /**
     * A place for a sandbox about to be made, counted until it closes or the sandbox is added.
     *
     * @throws SandboxException.AtCapacity when the live sandboxes and those being made fill every place
     */
    Reservation reserve() {
        // the check and the taking as one, so two learners cannot both take the last place
        synchronized (making) {
            if (occupied() >= capacity) {
                throw new SandboxException.AtCapacity(capacity);
            }
            making.incrementAndGet();
        }
        return new Reservation();
    }

    /** Registers the sandbox made in {@code place}, active now; from here on its entry counts, not the place. */
    void add(Reservation place, String learnerHash, Sandbox sandbox, SandboxProfile profile) {
        // entry first, then the place back: the count never dips below what is live
        byLearner.put(learnerHash, new Entry(sandbox, profile, clock.instant()));
        place.close();
    }

    /**
     * Registers a sandbox found in the engine (a restart, another server of this instance), last
     * active at {@code since}; false when the learner has one here already. Adoption is never
     * refused for capacity: the sandbox exists whether counted or not.
     */
    boolean adopt(String learnerHash, Sandbox sandbox, SandboxProfile profile, Instant since) {
        return byLearner.putIfAbsent(learnerHash, new Entry(sandbox, profile, since)) == null;
    }

    /** Forgets the learner's sandbox, giving back its place; empty when none was known. Call under the learner's lock. */
    Optional<Entry> remove(String learnerHash) {
        return Optional.ofNullable(byLearner.remove(learnerHash));
    }

    /** Forgets every sandbox, as a freshly started server knows none; the engine still holds them for adoption. */
    void forgetAll() {
        byLearner.clear();
    }

    /** Activity keeps a sandbox from the idle reaper. */
    void touch(String learnerHash) {
        Entry entry = byLearner.get(learnerHash);
        if (entry != null) {
            entry.lastActivity = clock.instant();
        }
    }

    /** Live sandboxes, their learners' other nodes, and those being made: what the capacity limit counts. */
    int occupied() {
        int nodes = 0;
        for (Entry e : byLearner.values()) {
            nodes += e.moreNodes;
        }
        return byLearner.size() + nodes + making.get();
    }

    /**
     * The learner now has {@code more} nodes beyond their sandbox (a lesson with {@code nodes: more + 1}).
     *
     * @throws SandboxException.AtCapacity when the nodes added do not fit
     */
    void setNodes(String learnerHash, int more) {
        synchronized (making) {
            Entry entry = byLearner.get(learnerHash);
            if (entry == null) {
                return;
            }
            int added = Math.max(0, more - entry.moreNodes);
            if (added > 0 && occupied() + added > capacity) {
                throw new SandboxException.AtCapacity(capacity);
            }
            entry.moreNodes = Math.max(entry.moreNodes, more);
        }
    }

    /** What the engine holds of the learner's other nodes, counted whether they fit or not (they exist). */
    void adoptNodes(String learnerHash, int more) {
        Entry entry = byLearner.get(learnerHash);
        if (entry != null) {
            entry.moreNodes = more;
        }
    }

    /** Places left for more sandboxes (the warm pool fills no more than these). */
    int room() {
        return Math.max(0, capacity - occupied());
    }

    int size() {
        return byLearner.size();
    }

    Set<String> learners() {
        return Set.copyOf(byLearner.keySet());
    }

    List<Entry> entries() {
        return List.copyOf(byLearner.values());
    }

    /** Waits for the learner's lock (reentrant); closing what it answers lets go. */
    LearnerLocks.Held lock(String learnerHash) {
        return locks.lock(learnerHash);
    }

    /** The learner's lock if nobody holds it now. */
    Optional<LearnerLocks.Held> tryLock(String learnerHash) {
        return locks.tryLock(learnerHash);
    }

    /** Someone holds or waits for this learner's lock: their sandbox is being made or removed. */
    boolean busy(String learnerHash) {
        return locks.busy(learnerHash);
    }

    /** Learners whose lock is held or awaited now. */
    int lockedLearners() {
        return locks.size();
    }

    Instant now() {
        return clock.instant();
    }
}
