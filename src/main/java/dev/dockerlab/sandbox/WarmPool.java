package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

/**
 * Started sandboxes nobody owns yet, so a new learner's first terminal costs a rename instead of a
 * container start: {@code dockerlab.sandbox.pool-size} plain ones and {@code dockerlab.docker.pool-size}
 * Docker-enabled ones, plus those an instructor starts ahead of a class ({@link #prestart}).
 *
 * <p>A plain pool sandbox is on its network, its shell runs (every sandbox starts its shell keeper
 * with the container), and the terminal has started the first terminal's exec in it already
 * ({@link PoolSandboxReady}). A Docker-enabled one is on its network with its inner engine started
 * and answering, and no shell yet: the shell starts at the claim, with the learner's environment
 * ({@link LearnerEnv}), which a container made before its learner cannot carry.
 *
 * <p>Container labels cannot change after creation, so a pool sandbox carries
 * {@code dockerlab.learner=pool} for life; claiming it renames it from
 * {@code dockerlab-pool-<random>} to the learner's usual {@code dockerlab-<hash>}, and that name
 * says whose it is after a restart. The rename goes by the pool name, which the engine changes
 * atomically: two claims (even from two servers) cannot both win one sandbox. A Docker-enabled
 * sandbox's storage keeps the pool name; its label says so ({@link SandboxProfiles#storageOf}).
 */
@ApplicationScoped
class WarmPool {

    static final String LEARNER_LABEL = "pool";
    private static final Logger LOG = Logger.getLogger(WarmPool.class);
    /** The profiles the pool holds; a root sandbox's shell is its machine's, made for one learner. */
    private static final List<SandboxProfile> HELD = List.of(SandboxProfile.PLAIN, SandboxProfile.DOCKER);

    private final SandboxNames names;
    private final SandboxConfig config;
    private final DockerProfileConfig docker;
    private final SandboxContainers containers;
    private final SandboxNetwork network;
    private final SandboxProfiles profiles;
    private final LearnerEnv learnerEnv;
    private final LiveSandboxes live;
    private final Map<SandboxProfile, ConcurrentLinkedDeque<Sandbox>> ready = new EnumMap<>(SandboxProfile.class);
    private final Map<SandboxProfile, AtomicInteger> filling = new EnumMap<>(SandboxProfile.class);
    /** Sandboxes asked for ahead of a class ({@link #prestart}), beyond the pool's size; each claim uses one up. */
    private final Map<SandboxProfile, AtomicInteger> extra = new EnumMap<>(SandboxProfile.class);
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * One filler per profile, each making one sandbox at a time: a Docker-enabled one waits for its
     * engine (seconds), and plain refills must not queue behind it.
     */
    private final Map<SandboxProfile, ExecutorService> fillers = new EnumMap<>(SandboxProfile.class);

    private final Event<PoolSandboxReady> readyEvents;

    /**
     * A Docker-enabled sandbox made for the pool takes about two CPU-seconds (its storage, its
     * container, its engine's start). Made right after a claim, it takes them from the learner
     * who just claimed, whose first {@code docker run} is under way on the same cores (about 200 ms
     * slower on 2 cores); made while a class arrives, from every learner of it. So a refill of
     * that kind waits until no Docker-enabled sandbox was claimed for this long: the learners who
     * are there first, the next ones' sandboxes in the first pause.
     */
    static final Duration DOCKER_REFILL_DELAY = Duration.ofSeconds(2);
    private static final long NEVER = Long.MIN_VALUE;
    /** When the last Docker-enabled sandbox was claimed (System.nanoTime(), any sign); {@link #NEVER}: not yet. */
    private final AtomicLong lastDockerClaim = new AtomicLong(NEVER);

    WarmPool(SandboxConfig config, DockerProfileConfig docker, SandboxContainers containers, SandboxNetwork network,
            SandboxProfiles profiles, LearnerEnv learnerEnv, SandboxNames names, LiveSandboxes live,
            Event<PoolSandboxReady> readyEvents) {
        this.names = names;
        this.config = config;
        this.docker = docker;
        this.containers = containers;
        this.network = network;
        this.profiles = profiles;
        this.learnerEnv = learnerEnv;
        this.live = live;
        this.readyEvents = readyEvents;
        for (SandboxProfile p : HELD) {
            ready.put(p, new ConcurrentLinkedDeque<>());
            filling.put(p, new AtomicInteger());
            extra.put(p, new AtomicInteger());
            fillers.put(p, Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pool-filler-" + p.label()).factory()));
        }
    }

    /** Whether the pool keeps sandboxes of this profile (plain and docker; not root). */
    static boolean holds(SandboxProfile profile) {
        return HELD.contains(profile);
    }

    /** Ready sandboxes of every profile. */
    int size() {
        return ready.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
    }

    /** Ready sandboxes of this profile. */
    int size(SandboxProfile profile) {
        return holds(profile) ? ready.get(profile).size() : 0;
    }

    boolean enabled() {
        return HELD.stream().anyMatch(p -> wanted(p) > 0);
    }

    /** The pool's size for this profile, set by the operator. */
    private int configured(SandboxProfile profile) {
        return profile == SandboxProfile.DOCKER ? docker.poolSize() : config.poolSize();
    }

    /** What the operator keeps ready of this profile, plus what was asked for ahead of a class. */
    private int wanted(SandboxProfile profile) {
        return configured(profile) + extra.get(profile).get();
    }

    /**
     * How many sandboxes of this profile the pool aims to hold now, within the room left under
     * {@code max-sandboxes}: plain ones first, Docker-enabled ones in what remains.
     */
    int target(SandboxProfile profile) {
        int room = live.room();
        int plain = Math.min(wanted(SandboxProfile.PLAIN), room);
        return profile == SandboxProfile.PLAIN ? plain : Math.min(wanted(SandboxProfile.DOCKER), Math.max(0, room - plain));
    }

    /**
     * Starts {@code count} more sandboxes of this profile ahead of a class, within the room
     * {@code max-sandboxes} leaves beside what the pool keeps of both profiles; each learner who
     * then claims one uses one up (they are not replaced beyond the pool's size). Answers how many
     * more the pool now aims for.
     */
    int prestart(SandboxProfile profile, int count) {
        if (!holds(profile)) {
            throw new IllegalArgumentException("The warm pool holds no " + profile.label() + " sandboxes");
        }
        int before = target(profile);
        SandboxProfile other = profile == SandboxProfile.PLAIN ? SandboxProfile.DOCKER : SandboxProfile.PLAIN;
        int most = live.room() - configured(profile) - wanted(other);
        extra.get(profile).updateAndGet(x -> Math.max(0, Math.min(x + count, most)));
        refill();
        return Math.max(0, target(profile) - before);
    }

    /** Takes back sandboxes of this profile asked for ahead that nobody claimed: the pool shrinks to its target again. */
    void release(SandboxProfile profile, int count) {
        if (!holds(profile)) {
            return;
        }
        extra.get(profile).updateAndGet(x -> Math.max(0, x - count));
        var deque = ready.get(profile);
        int over = deque.size() - target(profile);
        for (int i = 0; i < over; i++) {
            Sandbox entry = deque.pollLast();
            if (entry == null) {
                break;
            }
            remove(entry, profile);
        }
    }

    /**
     * Gives an unowned sandbox of this profile to the learner, or nothing when the pool has none.
     * A Docker-enabled one learns its learner's environment and starts its shell.
     */
    Optional<Sandbox> claim(String learnerHash, SandboxProfile profile) {
        if (!holds(profile)) {
            return Optional.empty();
        }
        var deque = ready.get(profile);
        Sandbox entry;
        while ((entry = deque.pollFirst()) != null) {
            String name = names.of(learnerHash);
            try {
                containers.rename(entry.name(), name);
                extra.get(profile).updateAndGet(x -> Math.max(0, x - 1));
                Sandbox claimed = new Sandbox(entry.containerId(), name, learnerHash, entry.createdAt());
                if (profile.hasEngine()) {
                    lastDockerClaim.set(System.nanoTime());
                    learnerEnv.set(claimed.containerId(), profiles.learnerEnv(learnerHash));
                    profiles.startShell(claimed);
                }
                return Optional.of(claimed);
            } catch (NotFoundException e) {
                // gone, or claimed by another server of this instance: try the next one
            } catch (ConflictException e) {
                // the learner's name is taken: they have a sandbox after all; leave this one in the pool
                deque.offerFirst(entry);
                throw e;
            }
        }
        return Optional.empty();
    }

    /**
     * Tops the pool up to its targets in the background, never beyond the room the live sandboxes
     * leave under {@code max-sandboxes}. Nothing when the pool is off.
     */
    void refill() {
        if (!enabled()) {
            return;
        }
        for (SandboxProfile profile : HELD) {
            AtomicInteger making = filling.get(profile);
            int missing = target(profile) - ready.get(profile).size() - making.get();
            for (int i = 0; i < missing && !closed.get(); i++) {
                making.incrementAndGet();
                try {
                    fillers.get(profile).execute(() -> {
                        if (profile.hasEngine()) {
                            awaitNoClaims();
                        }
                        addOne(profile);
                    });
                } catch (RejectedExecutionException e) {
                    making.decrementAndGet(); // the server is stopping
                }
            }
        }
    }

    /** Until no Docker-enabled sandbox was claimed for {@link #DOCKER_REFILL_DELAY}, or the server stops. */
    private void awaitNoClaims() {
        while (!closed.get()) {
            long claimed = lastDockerClaim.get();
            long wait = claimed == NEVER ? 0 : claimed + DOCKER_REFILL_DELAY.toNanos() - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(wait, 100_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void addOne(SandboxProfile profile) {
        try {
            if (closed.get()) {
                return;
            }
            String name = poolName();
            Sandbox sandbox = containers.create(name, LEARNER_LABEL, profile);
            if (!warm(sandbox, profile)) {
                LOG.warnf("The Docker engine of pool sandbox %s did not answer; it is removed, not offered", name);
                remove(sandbox, profile);
                return;
            }
            if (closed.get() || ready.get(profile).size() >= target(profile)) {
                // the server stops, or what was asked ahead was given back while this one was made
                remove(sandbox, profile);
                return;
            }
            ready.get(profile).offerLast(sandbox);
        } catch (RuntimeException e) {
            LOG.warnf("Could not add a %s sandbox to the warm pool: %s", profile.label(), e.getMessage());
        } finally {
            filling.get(profile).decrementAndGet();
        }
    }

    /**
     * Plain: on its network, the first terminal's exec prepared. Docker: on its network first (its
     * engine's network then is the one a learner's has), then its engine started and waited for
     * until it answers; false when it does not.
     */
    private boolean warm(Sandbox sandbox, SandboxProfile profile) {
        if (profile.hasEngine()) {
            network.joinNow(sandbox.containerId());
            return profiles.warmEngine(sandbox);
        }
        network.joinSoon(sandbox.containerId());
        announce(sandbox);
        return true;
    }

    /** An unclaimed pool sandbox goes, by its pool name (one claimed meanwhile has its learner's now, and stays), with its storage. */
    private void remove(Sandbox entry, SandboxProfile profile) {
        containers.removeQuietly(entry.name());
        if (profile.hasEngine()) {
            // a volume still mounted (the sandbox was claimed after all) is not removed, nor its file system
            profiles.removeStorage(entry.name());
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
        SandboxProfile profile = SandboxProfiles.of(container.getLabels());
        if (!holds(profile)) {
            containers.removeQuietly(container.getId());
            return;
        }
        var deque = ready.get(profile);
        switch (container.getState()) {
            case "running" -> {
                if (deque.stream().noneMatch(s -> s.containerId().equals(sandbox.containerId()))) {
                    if (!profile.hasEngine()) {
                        announce(sandbox);
                    }
                    // a Docker-enabled one may have lost its server while its engine warmed: the
                    // learner's first docker command starts the engine if it does not run
                    deque.offerLast(sandbox);
                }
            }
            case "created", "restarting" -> {
                // being made right now (by this server's filler or another's): not ours to judge
            }
            default -> remove(sandbox, profile);
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
        ready.values().forEach(ConcurrentLinkedDeque::clear);
    }

    /** Unclaimed sandboxes are nobody's: they go when the server goes. */
    void drain() {
        closed.set(true);
        // let a sandbox being made finish (interrupting docker-java mid-call would orphan it)
        fillers.values().forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService filler : fillers.values()) {
                filler.awaitTermination(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var held : ready.entrySet()) {
            Sandbox entry;
            while ((entry = held.getValue().pollFirst()) != null) {
                remove(entry, held.getKey());
            }
        }
    }

    @PreDestroy
    void stop() {
        fillers.values().forEach(ExecutorService::shutdownNow);
    }
}
