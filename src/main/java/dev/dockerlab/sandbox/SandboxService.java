package dev.dockerlab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Container;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxEnded.Reason;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * One sandbox per learner: found by label, created on first use, adopted after a restart,
 * removed when idle, too old, or reset. What the other packages call; the work is done by
 * {@link LiveSandboxes} (the cache of live sandboxes, the learners' locks, capacity),
 * {@link SandboxAdoption} (what the engine holds, the reconcile), {@link SandboxNetwork} (the
 * bridge and joining it), {@link WarmPool} and {@link SandboxContainers} (making and removing
 * containers). The engine is the source of truth; the cache is reconciled with it by the reaper.
 */
@ApplicationScoped
public class SandboxService {

    private static final Logger LOG = Logger.getLogger(SandboxService.class);

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxContainers containers;
    private final WarmPool pool;
    private final SandboxNetwork network;
    private final SandboxAdoption adoption;
    private final LiveSandboxes live;
    private final Event<SandboxEnded> ended;
    private final Event<SandboxNetworkReady> networkReady;
    private final Event<SandboxesSetUp> setUpEvents;
    private final SandboxProfiles profiles;
    private final SandboxNames names;
    private final InstanceOwner owner;
    private final Event<SandboxStarted> started;
    private final Event<CapacityRefused> refused;
    private final NodeGroups nodeGroups;
    private final LearnerEnv learnerEnv;
    /** Sandboxes being made right now, by profile. */
    private final Map<SandboxProfile, AtomicInteger> starting = new EnumMap<>(SandboxProfile.class);
    /** This server owns its instance: set once the start claimed it. */
    private volatile boolean owning;
    /** The instance's claim, begun by the start's first observer, awaited by its last. */
    private volatile CompletableFuture<Claimed> claim;
    /** The set-up that runs beside the start once the instance is claimed; done when sandboxes may be made. */
    private final CompletableFuture<Void> setUp = new CompletableFuture<>();
    /** How long a call that needs the sandboxes waits for the set-up (it takes about a second). */
    private static final Duration SET_UP_PATIENCE = Duration.ofSeconds(60);

    SandboxService(InstanceOwner owner, Engine engine, SandboxConfig config, SandboxContainers containers, WarmPool pool,
            SandboxNetwork network, SandboxAdoption adoption, LiveSandboxes live, Event<SandboxEnded> ended,
            SandboxProfiles profiles, SandboxNames names, Event<SandboxNetworkReady> networkReady,
            Event<SandboxesSetUp> setUpEvents, Event<SandboxStarted> started, Event<CapacityRefused> refused, NodeGroups nodeGroups, LearnerEnv learnerEnv) {
        this.owner = owner;
        this.learnerEnv = learnerEnv;
        this.nodeGroups = nodeGroups;
        this.started = started;
        this.refused = refused;
        for (SandboxProfile p : SandboxProfile.values()) {
            starting.put(p, new AtomicInteger());
        }
        this.names = names;
        this.profiles = profiles;
        this.network = network;
        this.adoption = adoption;
        this.live = live;
        this.engine = engine;
        this.config = config;
        this.containers = containers;
        this.pool = pool;
        this.ended = ended;
        this.networkReady = networkReady;
        this.setUpEvents = setUpEvents;
    }

    /**
     * The start. On the path to ready only what decides whether this server may run: the engine
     * answers, and this server claims the instance (another live server of it would reap our
     * learners; the claim is the owner container's creation, its name the lock). The rest runs
     * beside the start, on a thread of its own: the owner's start, the network with its firewall
     * (and the registry gate, which listens when the network is ready), then adoption of what the
     * engine holds of the instance. Before it took a second of a start whose two cores were busy
     * (docs/performance.md, "Start to ready"). Whatever needs the sandboxes waits for it
     * ({@link #awaitSetUp}), so no sandbox of ours starts before the firewall is set; a set-up that
     * fails stops the server with the reason, as a refused start does. The sandbox image is looked up
     * once, here.
     */
    void beginStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        long began = System.nanoTime();
        // on a thread of its own, beside the start's other observers: before the first of the
        // platform's (Qute's template engine, at PLATFORM_BEFORE, 0.15 to 0.2 s), which the start
        // otherwise ran first and then waited for the claim; the claim mostly waits for the engine
        // to create a container
        claim = CompletableFuture.supplyAsync(() -> {
            try {
                engine.requireAnswer();
            } catch (IllegalStateException e) {
                throw refuseToStart(e);
            }
            boolean imagePresent = engine.imageExists(config.image());
            try {
                requireRuntime();
                // before adopting anything: another live server of this instance would reap our learners
                owner.claim(imagePresent);
            } catch (SandboxException.InstanceTaken | IllegalStateException e) {
                throw refuseToStart(e);
            }
            return new Claimed(imagePresent, began, System.nanoTime());
        }, Thread::startVirtualThread);
    }

    /** The start's last observer: a refused claim stops the start here; a claim made starts the set-up. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        Claimed claimed = joined(claim);
        owning = true;
        Thread.ofPlatform().name("sandboxes-set-up").daemon().start(() -> setUp(claimed));
    }

    private record Claimed(boolean imagePresent, long began, long at) {
    }

    /** The future's value, or what it threw, as it threw it. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void setUp(Claimed claimed) {
        boolean imagePresent = claimed.imagePresent();
        try {
            CompletableFuture<Void> held = CompletableFuture.runAsync(owner::hold, Thread::startVirtualThread);
            network.ensure();
            networkReady.fire(new SandboxNetworkReady(hostAddress()));
            network.guard(imagePresent);
            long guarded = System.nanoTime();
            joined(held);
            reload();
            setUp.complete(null);
            long now = System.nanoTime();
            LOG.infof("Sandboxes ready in %d ms: the engine's answer and the instance's claim %d (the start waited for these),"
                    + " then beside it the network with its firewall and registry gate %d, the owner's start and adoption %d",
                    ms(now - claimed.began()), ms(claimed.at() - claimed.began()), ms(guarded - claimed.at()), ms(now - guarded));
            setUpEvents.fire(new SandboxesSetUp());
        } catch (RuntimeException e) {
            setUp.completeExceptionally(e);
            LOG.errorf("The sandboxes could not be set up, so the server stops: %s", e.getMessage());
            Quarkus.asyncExit(1);
            return;
        }
        if (imagePresent) {
            pool.refill();
        } else {
            LOG.warnf("The sandbox image %s is missing: learners cannot start a sandbox until deploy/setup.sh builds it.",
                    config.image());
        }
    }

    /**
     * Waits for the start's set-up (the firewall, adoption), a second at most after ready; at once
     * after that. Everything that makes, finds or removes sandboxes calls it first.
     */
    private void awaitSetUp() {
        if (setUpDone()) {
            return;
        }
        try {
            setUp.get(SET_UP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SandboxException.NotSetUp(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new SandboxException.NotSetUp("still at work after " + SET_UP_PATIENCE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException.NotSetUp("interrupted");
        }
    }

    /** The set-up is over and went well: sandboxes may be made, found and reaped. */
    private boolean setUpDone() {
        return setUp.isDone() && !setUp.isCompletedExceptionally();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!owning) {
            // refused at start: the sandboxes, the pool and the owner belong to another server
            return;
        }
        try {
            // a stop that comes during the set-up lets it finish: what it makes, the stop then removes
            awaitSetUp();
        } catch (SandboxException.NotSetUp e) {
            // the stop goes on with what there is
        }
        pool.drain();
        for (Container c : adoption.listManaged()) {
            if (adoption.isUnclaimedPool(c)) {
                containers.removeQuietly(c.getId());
                profiles.removeStorage(SandboxProfiles.storageOf(c.getLabels(), SandboxAdoption.nameOf(c)));
            }
        }
        if (config.removeOnShutdown()) {
            for (String hash : live.learners()) {
                remove(hash, Reason.SHUTDOWN);
            }
            adoption.listManaged().forEach(c -> containers.removeQuietly(c.getId()));
            nodeGroups.sweep(Set.of());
            profiles.sweepStorage(Set.of());
        }
        owner.release();
    }

    /** The learner's sandbox, created if they have none. Safe to call concurrently for one learner. */
    public Sandbox acquire(LearnerId learner) {
        return acquire(learner, profiles.defaultProfile());
    }

    /**
     * The learner's sandbox, able to do what {@code needed} allows: a sandbox with less (a plain
     * one when a lesson needs Docker) is replaced, its terminals told why; one with more is kept.
     */
    public Sandbox acquire(LearnerId learner, SandboxProfile needed) {
        return acquire(learner, needed, 1);
    }

    /**
     * The same for a lesson with {@code nodes} nodes: when more than one, the sandbox is node 1 of
     * the group (Docker-enabled, hostname {@code node1}); one made before for another lesson is
     * replaced, as for another profile. {@link #nodes} makes the other nodes.
     */
    public Sandbox acquire(LearnerId learner, SandboxProfile needed, int nodes) {
        awaitSetUp();
        String hash = learner.hash();
        var fits = live.get(hash).filter(known -> known.profile().satisfies(needed) && (nodes <= 1 || known.firstNode()));
        if (fits.isPresent()) {
            live.touch(hash);
            return fits.get().sandbox();
        }
        try (var held = live.lock(hash)) {
            var known = live.get(hash);
            if (known.isPresent() && nodes > 1 && !known.get().firstNode() && isFirstNode(known.get().sandbox())) {
                known.get().markFirstNode();
            }
            if (known.isPresent() && known.get().profile().satisfies(needed) && (nodes <= 1 || known.get().firstNode())) {
                live.touch(hash);
                return known.get().sandbox();
            }
            if (known.isPresent()) {
                replace(known.get(), needed);
            }
            try (var place = reserve()) {
                // Not in the cache: make it. If the engine holds one after all (made by another server of
                // this instance, or stopped by a reboot), creating it conflicts by name and we adopt that.
                long began = System.nanoTime();
                Created made = create(hash, needed, nodes);
                Sandbox sandbox = made.sandbox();
                var adopted = live.get(sandbox);
                if (adopted.isPresent()) {
                    if (adopted.get().profile().satisfies(needed) && (nodes <= 1 || isFirstNode(sandbox))) {
                        live.touch(hash);
                        return sandbox;
                    }
                    replace(adopted.get(), needed);
                    made = create(hash, needed, nodes);
                    sandbox = made.sandbox();
                }
                live.add(place, hash, sandbox, needed);
                if (nodes > 1) {
                    live.get(hash).ifPresent(LiveSandboxes.Entry::markFirstNode);
                }
                started.fire(new SandboxStarted(needed, made.fromPool(), Duration.ofNanos(System.nanoTime() - began)));
                return sandbox;
            }
        }
    }

    /**
     * Nodes 1..{@code count} of the learner's group for a lesson with {@code nodes: count}, node 1
     * being their sandbox ({@link #acquire(LearnerId, SandboxProfile, int)} first), the others made
     * where missing. Every node counts against {@code max-sandboxes}.
     *
     * @throws SandboxException.AtCapacity when the nodes still to make do not fit
     */
    public List<Sandbox> nodes(LearnerId learner, int count) {
        awaitSetUp();
        String hash = learner.hash();
        try (var held = live.lock(hash)) {
            var known = live.get(hash).orElseThrow(() -> new SandboxException.Gone(hash));
            try {
                live.setNodes(hash, count - 1);
            } catch (SandboxException.AtCapacity e) {
                refused.fire(new CapacityRefused("max-sandboxes"));
                throw e;
            }
            live.touch(hash);
            return nodeGroups.ensure(known.sandbox(), count);
        }
    }

    /**
     * The learner's live sandbox when this container is one of their other nodes (labels say whose,
     * and that it is this instance's); the registry gate serves a node as its learner. Blocks on the engine.
     */
    public Optional<Sandbox> ownerOfNode(String containerId) {
        awaitSetUp();
        try {
            var labels = engine.client().inspectContainerCmd(containerId).exec().getConfig().getLabels();
            if (labels == null || !NodeGroups.ROLE_NODE.equals(labels.get(Labels.ROLE))
                    || !config.instance().equals(labels.get(Labels.INSTANCE))) {
                return Optional.empty();
            }
            return live.get(labels.getOrDefault(Labels.LEARNER, "")).map(LiveSandboxes.Entry::sandbox);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this sandbox was made as node 1 of a group (its hostname says so). */
    private boolean isFirstNode(Sandbox sandbox) {
        try {
            var inspected = engine.client().inspectContainerCmd(sandbox.containerId()).exec();
            return NodeGroups.hostname(1).equals(inspected.getConfig().getHostName());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void replace(LiveSandboxes.Entry known, SandboxProfile needed) {
        LOG.infof("Replacing the %s sandbox %s of learner %s: the lesson needs profile %s",
                known.profile().label(), known.sandbox().name(), known.sandbox().learnerHash(), needed.label());
        remove(known.sandbox().learnerHash(), Reason.PROFILE_CHANGED);
    }

    /**
     * A new sandbox starts on no network and joins its own right after: the terminal that opened
     * it calls this once its shell runs, so the join does not hold up the shell's start.
     */
    public void joinNetwork(Sandbox sandbox) {
        awaitSetUp();
        network.joinSoon(sandbox.containerId());
    }

    /** The profile of the learner's sandbox, when they have one. */
    public Optional<SandboxProfile> profileOf(LearnerId learner) {
        awaitSetUp();
        return live.get(learner.hash()).map(LiveSandboxes.Entry::profile);
    }

    /** Starts the inner Docker engine of a Docker-enabled sandbox now rather than on the first docker command. */
    public void startInnerEngine(Sandbox sandbox) {
        awaitSetUp();
        profiles.startEngine(sandbox);
    }

    /** Lets sandboxes connect to this address and port of the host (the registry gate), or takes that back. */
    public void openHostPort(String address, int port, boolean open) {
        network.openHostPort(address, port, open);
    }

    public Optional<Sandbox> find(LearnerId learner) {
        awaitSetUp();
        return live.get(learner.hash()).map(LiveSandboxes.Entry::sandbox);
    }

    /**
     * The learner's live sandbox when {@link #acquire} would hand it out for a lesson that needs
     * {@code needed} (the default profile when empty), rather than replace it; nothing is made.
     */
    public Optional<Sandbox> findFitting(LearnerId learner, Optional<SandboxProfile> needed) {
        awaitSetUp();
        SandboxProfile profile = needed.orElse(profiles.defaultProfile());
        return live.get(learner.hash()).filter(known -> known.profile().satisfies(profile)).map(LiveSandboxes.Entry::sandbox);
    }

    /** Activity keeps a sandbox from the idle reaper. */
    public void touch(String learnerHash) {
        live.touch(learnerHash);
    }

    public Optional<Instant> lastActivity(LearnerId learner) {
        awaitSetUp();
        return live.get(learner.hash()).map(LiveSandboxes.Entry::lastActivity);
    }

    /**
     * Throws the learner's sandbox away; the next {@link #acquire} makes a fresh one. A learner
     * with no sandbox here and none being made costs nothing: no lock, no call to the engine (a
     * flood of such resets once listed every container per request). A sandbox another server of
     * this instance made is adopted by the next reconcile, and can be reset from then on.
     */
    public boolean reset(LearnerId learner) {
        awaitSetUp();
        String hash = learner.hash();
        if (!live.contains(hash) && !live.busy(hash)) {
            return false;
        }
        return remove(hash, Reason.RESET);
    }

    /** Learners whose lock is held or awaited now: those whose sandbox is being made or removed. */
    public int lockedLearners() {
        return live.lockedLearners();
    }

    /** The sandbox turned out to be gone (removed behind our back): forget it and tell its terminals. */
    public void forgetGone(String learnerHash) {
        remove(learnerHash, Reason.GONE);
    }

    /**
     * The engine said this sandbox no longer runs (an attach answered 409 "not running"): forget it,
     * unless the learner has another one by now, so the next acquire makes a fresh one.
     */
    public void forgetStopped(Sandbox sandbox) {
        try (var held = live.lock(sandbox.learnerHash())) {
            if (live.get(sandbox).isPresent()) {
                removeLocked(sandbox.learnerHash(), Reason.GONE);
            }
        }
    }

    /** The shell a terminal's keeper runs in this sandbox ({@link Machine#shell}; empty: its login bash). */
    public List<String> shellOf(Sandbox sandbox) {
        return Machine.shell(profileOf(sandbox).orElse(SandboxProfile.PLAIN));
    }

    /** The profile a live sandbox was made with; empty once it is no longer this learner's live sandbox. */
    public Optional<SandboxProfile> profileOf(Sandbox sandbox) {
        return live.get(sandbox).map(LiveSandboxes.Entry::profile);
    }

    public int liveCount() {
        return live.size();
    }

    /** Live sandboxes of this profile. */
    public long liveCount(SandboxProfile profile) {
        return live.entries().stream().filter(e -> e.profile() == profile).count();
    }

    /** Sandboxes of this profile being made (or claimed from the pool) right now. */
    public int startingCount(SandboxProfile profile) {
        return starting.get(profile).get();
    }

    @Scheduled(every = "${dockerlab.sandbox.reap-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reapOnSchedule() {
        if (!owning || !setUpDone()) {
            // still starting, refused, or stopping for a failed set-up: nothing of ours to reap yet
            return;
        }
        try {
            network.guard();
            owner.keep();
            reconcile();
            reapExpired(live.now());
            sweepNodes();
        } catch (SandboxException.EngineUnavailable e) {
            LOG.warn("The Docker engine is not answering; sandboxes are reaped again once it is back.");
        } catch (RuntimeException e) {
            LOG.error("Reaping sandboxes failed", e);
        }
    }

    /** Removes every sandbox idle or older than allowed at {@code now}; returns how many. */
    public int reapExpired(Instant now) {
        awaitSetUp();
        int removed = 0;
        for (LiveSandboxes.Entry t : live.entries()) {
            String hash = t.sandbox().learnerHash();
            Reason reason = null;
            if (Duration.between(t.sandbox().createdAt(), now).compareTo(config.maxLifetime()) >= 0) {
                reason = Reason.MAX_LIFETIME;
            } else if (Duration.between(t.lastActivity(), now).compareTo(config.idleTimeout()) >= 0) {
                reason = Reason.IDLE;
            }
            if (reason != null && remove(hash, reason)) {
                LOG.infof("Removed sandbox %s of learner %s: %s", t.sandbox().name(), hash, reason);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Brings the cache in line with the engine: sandboxes removed behind our back are forgotten
     * (their terminals told), and ones this instance owns but does not know are adopted.
     */
    public void reconcile() {
        awaitSetUp();
        adoption.reconcile(hash -> removeLocked(hash, Reason.GONE));
    }

    /**
     * Forgets what this server knows and learns it again from the engine, as a restarted server
     * does at start: learners' sandboxes and the warm pool.
     */
    void reload() {
        adoption.reload();
    }

    /**
     * Nodes whose learner has no sandbox any more go; the others count against the capacity as the
     * engine holds them (a restarted server learns them here).
     */
    void sweepNodes() {
        Set<String> learners = new java.util.HashSet<>(live.learners());
        nodeGroups.sweep(learners);
        var counts = nodeGroups.counts();
        for (String hash : learners) {
            live.adoptNodes(hash, counts.getOrDefault(hash, 0));
        }
    }

    /** Warm, unclaimed sandboxes ready right now, of every profile. */
    public int pooled() {
        return pool.size();
    }

    /**
     * Warm sandboxes the pool aims to hold now, of every profile: {@code pool-size} and
     * {@code docker.pool-size}, plus those started ahead for a class, within the room left.
     */
    public int poolTarget() {
        return pool.target(SandboxProfile.PLAIN) + pool.target(SandboxProfile.DOCKER);
    }

    /** Warm, unclaimed sandboxes of this profile ready right now. */
    public int pooled(SandboxProfile profile) {
        return pool.size(profile);
    }

    /** A learner's live sandbox by their hash (what workshops keep of a learner). */
    public Optional<Sandbox> find(String learnerHash) {
        awaitSetUp();
        return live.get(learnerHash).map(LiveSandboxes.Entry::sandbox);
    }

    /** When the learner (by hash) last typed into or connected to their sandbox. */
    public Optional<Instant> lastActivity(String learnerHash) {
        awaitSetUp();
        return live.get(learnerHash).map(LiveSandboxes.Entry::lastActivity);
    }

    /** A learner's sandbox as a word: {@code running}, {@code starting} (being made or removed right now) or {@code none}. */
    public String stateOf(String learnerHash) {
        if (live.contains(learnerHash)) {
            return "running";
        }
        return live.busy(learnerHash) ? "starting" : "none";
    }

    /**
     * Removes a learner's sandbox (by hash) for {@code reason}, their terminals told why; false
     * when they had none. Files go, progress stays (it is not in the sandbox).
     */
    public boolean removeFor(String learnerHash, Reason reason) {
        awaitSetUp();
        return remove(learnerHash, reason);
    }

    /** Whether sandboxes of this profile can be started ahead ({@link #prestart}): plain and Docker-enabled ones. */
    public boolean canPrestart(SandboxProfile profile) {
        return WarmPool.holds(profile);
    }

    /**
     * Starts {@code count} sandboxes of this profile ahead (a class about to begin), within the
     * room {@code max-sandboxes} leaves; answers how many are being started. Learners who open a
     * terminal that needs this profile take them; those nobody takes are given back with
     * {@link #releasePrestarted}.
     *
     * @throws IllegalArgumentException for a profile the pool does not hold ({@link #canPrestart})
     */
    public int prestart(SandboxProfile profile, int count) {
        awaitSetUp();
        return pool.prestart(profile, Math.max(0, count));
    }

    public void releasePrestarted(SandboxProfile profile, int count) {
        pool.release(profile, Math.max(0, count));
    }

    /** {@link #capacity(SandboxProfile)} for the operator's default profile. */
    public Capacity capacity() {
        return capacity(profiles.defaultProfile());
    }

    /**
     * How many sandboxes this server holds and can hold: its setting, what runs, and what the
     * engine's host has, beside the limits of one sandbox of this profile (a Docker-enabled one
     * may use more memory than a plain one).
     */
    public Capacity capacity(SandboxProfile profile) {
        long memory = 0;
        int cpus = 0;
        try {
            var info = engine.client().infoCmd().exec();
            memory = info.getMemTotal() == null ? 0 : info.getMemTotal();
            cpus = info.getNCPU() == null ? 0 : info.getNCPU();
        } catch (RuntimeException e) {
            LOG.debugf("engine info for the capacity: %s", e.getMessage());
        }
        long perSandbox = profile.hasEngine() ? profiles.docker().memory().asLongValue() : config.memory().asLongValue();
        return new Capacity(config.maxSandboxes(), live.size(), pool.size(), Math.max(0, live.room() - pool.size()),
                perSandbox, config.cpus(), memory, cpus);
    }

    /** A place under the capacity, or the refusal, told to whoever counts refusals. */
    private LiveSandboxes.Reservation reserve() {
        try {
            return live.reserve();
        } catch (SandboxException.AtCapacity e) {
            refused.fire(new CapacityRefused("max-sandboxes"));
            throw e;
        }
    }

    /** A sandbox for a learner, and whether it came from the warm pool. */
    private record Created(Sandbox sandbox, boolean fromPool) {
    }

    /** Claims a warm sandbox or makes one, in a place the caller reserved; or adopts the one the engine has. */
    private Created create(String hash, SandboxProfile profile, int nodes) {
        AtomicInteger making = starting.get(profile);
        making.incrementAndGet();
        try {
            // the warm pool holds plain and Docker-enabled sandboxes, each a single machine
            Optional<Sandbox> warm = nodes <= 1 ? pool.claim(hash, profile) : Optional.empty();
            if (warm.isPresent()) {
                return new Created(warm.get(), true);
            }
            if (nodes > 1) {
                return new Created(containers.create(names.of(hash), hash, profile, NodeGroups.hostname(1), Map.of()), false);
            }
            return new Created(containers.create(names.of(hash), hash, profile), false);
        } catch (ConflictException e) {
            // Another server of this instance made it first: take that one.
            return new Created(adoption.findInEngine(hash).orElseThrow(() -> e), false);
        } finally {
            making.decrementAndGet();
            pool.refill();
        }
    }

    /**
     * Under the learner's lock, so a creation in flight finishes first (and is removed too), and a
     * terminal reconnecting at once after a reset waits for the old container to be gone instead
     * of adopting it half-removed.
     */
    private boolean remove(String hash, Reason reason) {
        try (var held = live.lock(hash)) {
            return removeLocked(hash, reason);
        }
    }

    private boolean removeLocked(String hash, Reason reason) {
        var tracked = live.remove(hash).map(LiveSandboxes.Entry::sandbox);
        if (tracked.isEmpty()) {
            // not known here; still make sure the engine holds nothing for this learner
            for (Container c : adoption.ownedBy(hash)) {
                containers.removeQuietly(c.getId());
                profiles.removeStorage(SandboxProfiles.storageOf(c.getLabels(), SandboxAdoption.nameOf(c)));
            }
            nodeGroups.remove(hash);
            return false;
        }
        pool.refill();
        // Tell the terminals first so they close with the reason rather than a broken stream.
        ended.fire(new SandboxEnded(hash, reason));
        // a claimed Docker-enabled pool sandbox's storage has the pool name: asked before it goes
        String storage = containers.storageOf(tracked.get().containerId(), tracked.get().name());
        containers.removeQuietly(tracked.get().containerId());
        learnerEnv.forget(tracked.get().containerId());
        profiles.removeStorage(storage);
        // the learner's other nodes and their network go with node 1 (their terminals were told above)
        nodeGroups.remove(hash);
        return true;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * The server must not start, for a reason an operator can act on: one line that says it, a stack
     * trace would bury it. Quarkus prints the message of a {@link ConfigurationException} alone and
     * exits with 1; and it is one: another engine, instance name, port or runtime is the remedy. The
     * server never owned the instance, so its stop leaves the sandboxes, the pool and the owner alone.
     */
    private static ConfigurationException refuseToStart(RuntimeException why) {
        return new ConfigurationException(why.getMessage());
    }

    /** A runtime the engine does not know would fail every sandbox: refuse to start instead. */
    private void requireRuntime() {
        if (config.runtime() == SandboxConfig.OciRuntime.RUNC) {
            // sandboxes run under the engine's default runtime, named or not (Hardening): nothing to ask
            return;
        }
        var runtimes = engine.client().infoCmd().exec().getRuntimes();
        if (runtimes != null && !runtimes.containsKey(config.runtime().engineName())) {
            throw new IllegalStateException("dockerlab.sandbox.runtime is " + config.runtime().engineName() + " but the Docker engine at "
                    + engine.host() + " only knows " + new java.util.TreeSet<>(runtimes.keySet())
                    + ". Run deploy/setup.sh --with-gvisor to register runsc, or set dockerlab.sandbox.runtime=runc.");
        }
    }

    /** The host as sandboxes reach it, if the network has an IPv4 gateway. */
    private Optional<String> hostAddress() {
        try {
            return Optional.of(profiles.gateway());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What tests and the health check need to see of the current state. */
    public List<Sandbox> live() {
        return live.entries().stream().map(LiveSandboxes.Entry::sandbox).toList();
    }
}
