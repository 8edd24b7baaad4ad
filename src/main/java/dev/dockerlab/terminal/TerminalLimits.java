package dev.dockerlab.terminal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.dockerlab.learner.RateLimiter;
import dev.dockerlab.sandbox.CapacityRefused;
import dev.dockerlab.sandbox.EngineConfig;
import dev.dockerlab.sandbox.SandboxConfig;

/**
 * What one client may take of the server's terminals: so many open per learner and in all (each
 * holds a connection to the engine), so many upgrades and new sandboxes per address and minute.
 * Without them one client with a handful of cookies filled the engine's connection pool and
 * every other learner waited minutes.
 */
@ApplicationScoped
public class TerminalLimits {

    private final int maxPerLearner;
    private final int maxOpen;
    private final int preparedAttaches;
    private final RateLimiter upgrades;
    private final RateLimiter newSandboxes;
    private final AtomicInteger open = new AtomicInteger();
    /** Open terminals by learner hash; a learner with none has no entry. */
    private final ConcurrentMap<String, Integer> byLearner = new ConcurrentHashMap<>();

    private final Event<CapacityRefused> refused;

    public TerminalLimits(TerminalConfig config, EngineConfig engine, SandboxConfig sandboxes, Event<CapacityRefused> refused) {
        this.refused = refused;
        this.maxPerLearner = config.maxPerLearner();
        // the warm pool's prepared shells and the returning learners' hold stream connections too
        int wanted = Math.max(0, config.preparedAttaches());
        this.maxOpen = config.maxOpen().orElse(Math.max(1, engine.streamConnections() - sandboxes.poolSize() - wanted));
        // a max-open set by hand leaves the returning learners' attaches what the streams have beyond it
        this.preparedAttaches = Math.min(wanted, Math.max(0, engine.streamConnections() - sandboxes.poolSize() - maxOpen));
        this.upgrades = new RateLimiter(config.upgradesPerMinute());
        this.newSandboxes = new RateLimiter(config.newSandboxesPerMinute());
    }

    /** One more upgrade from this address this minute; false when it had its share. */
    boolean allowUpgrade(String address) {
        return upgrades.tryTake(address) || refuse("upgrades-per-minute");
    }

    /** Tells whoever counts refusals which limit refused; answers false, for the caller to return. */
    private boolean refuse(String limit) {
        refused.fire(new CapacityRefused(limit));
        return false;
    }

    long upgradeRetryAfterSeconds() {
        return upgrades.retryAfterSeconds();
    }

    /** One more new sandbox for this address this minute, or a refusal that says so. */
    void takeNewSandbox(String address) {
        if (!newSandboxes.tryTake(address) && !refuse("new-sandboxes-per-minute")) {
            throw new TerminalRefusedException("Too many new sandboxes were started from your network address in the last"
                    + " minute (" + newSandboxes.perMinute() + " allowed). Trying again shortly.");
        }
    }

    /** A place for one more terminal of this learner, or a refusal that says which limit. */
    Slot admit(String learnerHash) {
        if (open.incrementAndGet() > maxOpen) {
            open.decrementAndGet();
            refuse("max-open");
            throw new TerminalRefusedException("The server has as many terminals open as it can hold (" + maxOpen
                    + "). Trying again shortly.");
        }
        boolean[] admitted = {false};
        byLearner.compute(learnerHash, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerLearner) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            refuse("max-per-learner");
            throw new TerminalRefusedException("You have " + maxPerLearner + " terminals open, the most one learner may."
                    + " Close a tab you no longer use; this one tries again shortly.");
        }
        return new Slot(learnerHash);
    }

    /** Open terminals, all and of one learner; learners with any (what the map holds). */
    int openCount() {
        return open.get();
    }

    int learnersWithTerminals() {
        return byLearner.size();
    }

    int maxOpen() {
        return maxOpen;
    }

    /** Attaches that may be prepared at once for returning learners: stream connections no open terminal needs. */
    int preparedAttaches() {
        return preparedAttaches;
    }

    /** One admitted terminal; released once, however often its closing is reported. */
    final class Slot {
        private final String learnerHash;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String learnerHash) {
            this.learnerHash = learnerHash;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                byLearner.computeIfPresent(learnerHash, (k, n) -> n <= 1 ? null : n - 1);
                open.decrementAndGet();
            }
        }
    }
}
