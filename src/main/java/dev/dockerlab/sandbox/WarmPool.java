package dev.dockerlab.sandbox;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

/**
 * Started sandboxes nobody owns yet ({@code dockerlab.sandbox.pool-size}), so a new learner's
 * first terminal costs a rename instead of a container start. Each is on its network, its shell
 * runs (every sandbox starts its shell keeper with the container), and the terminal has started
 * the first terminal's exec in it already ({@link PoolSandboxReady}).
 *
 * <p>Container labels cannot change after creation, so a pool sandbox carries
 * {@code dockerlab.learner=pool} for life; claiming it renames it from
 * {@code dockerlab-pool-<random>} to the learner's usual {@code dockerlab-<hash>}, and that name
 * says whose it is after a restart. The rename goes by the pool name, which the engine changes
 * atomically: two claims (even from two servers) cannot both win one sandbox.
 */
@ApplicationScoped
class WarmPool {

    static final String LEARNER_LABEL = "pool";
    private static final Logger LOG = Logger.getLogger(WarmPool.class);

    private final SandboxNames names;
    private final SandboxConfig config;
    private final SandboxContainers containers;
    private final SandboxNetwork network;
    private final LiveSandboxes live;
    private final ConcurrentLinkedDeque<Sandbox> ready = new ConcurrentLinkedDeque<>();
    private final AtomicInteger filling = new AtomicInteger();
    /** Sandboxes asked for ahead of a class ({@link #prestart}), beyond {@code pool-size}; each claim uses one up. */
    private final AtomicInteger extra = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pool-filler").factory());

    private final Event<PoolSandboxReady> readyEvents;

    WarmPool(SandboxConfig config, SandboxContainers containers, SandboxNetwork network, SandboxNames names,
            LiveSandboxes live, Event<PoolSandboxReady> readyEvents) {
        this.names = names;
        this.config = config;
        this.containers = containers;
        this.network = network;
        this.live = live;
        this.readyEvents = readyEvents;
    }

    int size() {
        return ready.size();
    }

    boolean enabled() {
        return config.poolSize() > 0 || extra.get() > 0;
    }

    /** How many sandboxes the pool aims to hold now: its size plus those asked for ahead, within the room left. */
    private int target() {
        return Math.min(config.poolSize() + extra.get(), live.room());
    }

    /**
     * Starts {@code count} more sandboxes ahead of a class, within the room {@code max-sandboxes}
     * leaves; each learner who then claims one uses one up (they are not replaced beyond
     * {@code pool-size}). Answers how many more the pool now aims for.
     */
    int prestart(int count) {
        int before = target();
        extra.updateAndGet(x -> Math.max(0, Math.min(x + count, live.room() - config.poolSize())));
        refill();
        return Math.max(0, target() - before);
    }

    /** Takes back sandboxes asked for ahead that nobody claimed: the pool shrinks to its target again. */
    void release(int count) {
        extra.updateAndGet(x -> Math.max(0, x - count));
        int over = ready.size() - target();
        for (int i = 0; i < over; i++) {
            Sandbox entry = ready.pollLast();
            if (entry == null) {
                break;
            }
            containers.removeQuietly(entry.name());
        }
    }

    /** Gives an unowned sandbox to the learner, or nothing when the pool is empty. */
    Optional<Sandbox> claim(String learnerHash) {
        Sandbox entry;
        while ((entry = ready.pollFirst()) != null) {
            String name = names.of(learnerHash);
            try {
                containers.rename(entry.name(), name);
                extra.updateAndGet(x -> Math.max(0, x - 1));
                return Optional.of(new Sandbox(entry.containerId(), name, learnerHash, entry.createdAt()));
            } catch (NotFoundException e) {
                // gone, or claimed by another server of this instance: try the next one
            } catch (ConflictException e) {
                // the learner's name is taken: they have a sandbox after all; leave this one in the pool
                ready.offerFirst(entry);
                throw e;
            }
        }
        return Optional.empty();
    }

    /**
     * Tops the pool up to its size in the background, never beyond the room the live sandboxes
     * leave under {@code max-sandboxes}. Nothing when the pool is off.
     */
    void refill() {
        if (!enabled()) {
            return;
        }
        int want = target();
        int missing = want - ready.size() - filling.get();
        for (int i = 0; i < missing && !closed.get(); i++) {
            filling.incrementAndGet();
            filler.execute(this::addOne);
        }
    }

    private void addOne() {
        try {
            if (closed.get()) {
                return;
            }
            String name = poolName();
            Sandbox sandbox = containers.create(name, LEARNER_LABEL);
            network.joinSoon(sandbox.containerId());
            announce(sandbox);
            if (closed.get()) {
                containers.removeQuietly(sandbox.containerId());
                return;
            }
            ready.offerLast(sandbox);
        } catch (RuntimeException e) {
            LOG.warnf("Could not add a sandbox to the warm pool: %s", e.getMessage());
        } finally {
            filling.decrementAndGet();
        }
    }

    private void announce(Sandbox sandbox) {
        try {
            readyEvents.fire(new PoolSandboxReady(sandbox));
        } catch (RuntimeException e) {
            LOG.debugf("preparing %s for its learner: %s", sandbox.name(), e.getMessage());
        }
    }

    /** Takes a pool sandbox found in the engine (after a restart) back into the pool. */
    void adopt(Container container, Sandbox sandbox) {
        switch (container.getState()) {
            case "running" -> {
                if (ready.stream().noneMatch(s -> s.containerId().equals(sandbox.containerId()))) {
                    announce(sandbox);
                    ready.offerLast(sandbox);
                }
            }
            case "created", "restarting" -> {
                // being made right now (by this server's filler or another's): not ours to judge
            }
            default -> containers.removeQuietly(container.getId());
        }
    }

    /** An unclaimed pool sandbox is named {@code dockerlab-[instance-]pool-<random>}. */
    boolean isUnclaimedName(String name) {
        return name.startsWith(Labels.sandboxName(config.instance(), "pool-"));
    }

    private String poolName() {
        byte[] random = new byte[6];
        new java.security.SecureRandom().nextBytes(random);
        return Labels.sandboxName(config.instance(), "pool-" + HexFormat.of().formatHex(random));
    }

    /** Forgets the ready sandboxes without removing them, as a freshly started server knows none; {@link #adopt} takes them back. */
    void forgetAll() {
        ready.clear();
    }

    /** Unclaimed sandboxes are nobody's: they go when the server goes. */
    void drain() {
        closed.set(true);
        // let a sandbox being made finish (interrupting docker-java mid-call would orphan it)
        filler.shutdown();
        try {
            filler.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sandbox entry;
        while ((entry = ready.pollFirst()) != null) {
            // by name: one claimed meanwhile has its learner's name now, and stays
            containers.removeQuietly(entry.name());
        }
    }

    @PreDestroy
    void stop() {
        filler.shutdownNow();
    }
}
