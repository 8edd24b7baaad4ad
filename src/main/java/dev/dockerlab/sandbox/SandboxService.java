package dev.dockerlab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxEnded.Reason;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * One sandbox per learner: found by label, created on first use, adopted after a restart,
 * removed when idle, too old, or reset. The engine is the source of truth; the map here is a
 * cache of it that the reaper reconciles.
 */
@ApplicationScoped
public class SandboxService {

    private static final Logger LOG = Logger.getLogger(SandboxService.class);

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxContainers containers;
    private final WarmPool pool;
    private final HostFirewall firewall;
    private final Event<SandboxEnded> ended;
    private final SandboxProfiles profiles;

    private final ConcurrentMap<String, Tracked> byLearner = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ReentrantLock> creationLocks = new ConcurrentHashMap<>();
    private volatile String networkId;
    /** Live sandboxes plus those being created: what the capacity limit counts. */
    private final AtomicInteger occupied = new AtomicInteger();

    SandboxService(Engine engine, SandboxConfig config, SandboxContainers containers, WarmPool pool,
            HostFirewall firewall, Event<SandboxEnded> ended, SandboxProfiles profiles) {
        this.profiles = profiles;
        this.firewall = firewall;
        this.engine = engine;
        this.config = config;
        this.containers = containers;
        this.pool = pool;
        this.ended = ended;
    }

    void onStart(@Observes StartupEvent event) {
        engine.requireAnswer();
        requireRuntime();
        networkId = ensureNetwork();
        firewall.ensure(networkId);
        adoptExisting(Instant.now());
        if (!engine.imageExists(config.image())) {
            LOG.warnf("The sandbox image %s is missing: learners cannot start a sandbox until deploy/setup.sh builds it.",
                    config.image());
        } else {
            refillPool();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.drain();
        for (Container c : listManaged()) {
            if (isUnclaimedPool(c)) {
                containers.removeQuietly(c.getId());
            }
        }
        if (config.removeOnShutdown()) {
            for (String hash : List.copyOf(byLearner.keySet())) {
                remove(hash, Reason.SHUTDOWN);
            }
            listManaged().forEach(c -> containers.removeQuietly(c.getId()));
            profiles.sweepStorage(java.util.Set.of());
        }
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
        String hash = learner.hash();
        Tracked known = byLearner.get(hash);
        if (known != null && known.profile.satisfies(needed)) {
            known.touch();
            return known.sandbox;
        }
        ReentrantLock lock = lockOf(hash);
        lock.lock();
        try {
            known = byLearner.get(hash);
            if (known != null && known.profile.satisfies(needed)) {
                known.touch();
                return known.sandbox;
            }
            if (known != null) {
                replace(known, needed);
            }
            // Not in the cache: make it. If the engine holds one after all (made by another server of
            // this instance, or stopped by a reboot), creating it conflicts by name and we adopt that.
            Sandbox sandbox = create(hash, needed);
            Tracked adopted = byLearner.get(hash);
            if (adopted != null && adopted.sandbox.containerId().equals(sandbox.containerId())) {
                if (adopted.profile.satisfies(needed)) {
                    adopted.touch();
                    return sandbox;
                }
                replace(adopted, needed);
                sandbox = create(hash, needed);
            }
            byLearner.put(hash, new Tracked(sandbox, needed, Instant.now()));
            return sandbox;
        } finally {
            lock.unlock();
        }
    }

    private void replace(Tracked known, SandboxProfile needed) {
        LOG.infof("Replacing the %s sandbox %s of learner %s: the lesson needs profile %s",
                known.profile.label(), known.sandbox.name(), known.sandbox.learnerHash(), needed.label());
        remove(known.sandbox.learnerHash(), Reason.PROFILE_CHANGED);
    }

    /**
     * A new sandbox starts on no network and joins its own right after: the terminal that opened
     * it calls this once its shell runs, so the join does not hold up the shell's start.
     */
    public void joinNetwork(Sandbox sandbox) {
        containers.joinSoon(sandbox.containerId());
    }

    /** The profile of the learner's sandbox, when they have one. */
    public Optional<SandboxProfile> profileOf(LearnerId learner) {
        return Optional.ofNullable(byLearner.get(learner.hash())).map(t -> t.profile);
    }

    /** Starts the inner Docker engine of a Docker-enabled sandbox now rather than on the first docker command. */
    public void startInnerEngine(Sandbox sandbox) {
        profiles.startEngine(sandbox);
    }

    public SandboxProfiles profiles() {
        return profiles;
    }

    /** Lets sandboxes connect to this address and port of the host (the registry gate), or takes that back. */
    public void openHostPort(String address, int port, boolean open) {
        if (networkId != null) {
            firewall.openPort(networkId, address, port, open);
        }
    }

    public Optional<Sandbox> find(LearnerId learner) {
        return Optional.ofNullable(byLearner.get(learner.hash())).map(t -> t.sandbox);
    }

    /** Activity keeps a sandbox from the idle reaper. */
    public void touch(String learnerHash) {
        Tracked tracked = byLearner.get(learnerHash);
        if (tracked != null) {
            tracked.touch();
        }
    }

    /** For tests: activity at a chosen time. */
    void touchAt(String learnerHash, Instant at) {
        Tracked tracked = byLearner.get(learnerHash);
        if (tracked != null) {
            tracked.lastActivity = at;
        }
    }

    public Optional<Instant> lastActivity(LearnerId learner) {
        return Optional.ofNullable(byLearner.get(learner.hash())).map(t -> t.lastActivity);
    }

    /** Throws the learner's sandbox away; the next {@link #acquire} makes a fresh one. */
    public boolean reset(LearnerId learner) {
        return remove(learner.hash(), Reason.RESET);
    }

    /** The sandbox turned out to be gone (removed behind our back): forget it and tell its terminals. */
    public void forgetGone(String learnerHash) {
        remove(learnerHash, Reason.GONE);
    }

    public int liveCount() {
        return byLearner.size();
    }

    public SandboxConfig config() {
        return config;
    }

    @Scheduled(every = "${dockerlab.sandbox.reap-interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reapOnSchedule() {
        try {
            // the image may have been built since start: the firewall needs it
            firewall.ensure(networkId);
            reconcile();
            reapExpired(Instant.now());
        } catch (SandboxException.EngineUnavailable e) {
            LOG.warn("The Docker engine is not answering; sandboxes are reaped again once it is back.");
        } catch (RuntimeException e) {
            LOG.error("Reaping sandboxes failed", e);
        }
    }

    /** Removes every sandbox idle or older than allowed at {@code now}; returns how many. */
    public int reapExpired(Instant now) {
        int removed = 0;
        for (Map.Entry<String, Tracked> entry : List.copyOf(byLearner.entrySet())) {
            Tracked t = entry.getValue();
            Reason reason = null;
            if (Duration.between(t.sandbox.createdAt(), now).compareTo(config.maxLifetime()) >= 0) {
                reason = Reason.MAX_LIFETIME;
            } else if (Duration.between(t.lastActivity, now).compareTo(config.idleTimeout()) >= 0) {
                reason = Reason.IDLE;
            }
            if (reason != null && remove(entry.getKey(), reason)) {
                LOG.infof("Removed sandbox %s of learner %s: %s", t.sandbox.name(), entry.getKey(), reason);
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
        Map<String, Container> inEngine = new HashMap<>();
        for (Container c : listManaged()) {
            learnerOf(c).ifPresent(hash -> inEngine.put(hash, c));
            if (containers.isDoomed(nameOf(c))) {
                containers.removeQuietly(c.getId());
            } else if ("running".equals(c.getState()) && !containers.joinedOrJoining(c)) {
                // started, but its join failed or a crashed server never asked for it
                containers.mendJoin(c.getId());
            }
        }
        for (String hash : List.copyOf(byLearner.keySet())) {
            if (inEngine.containsKey(hash)) {
                continue;
            }
            // The list may predate a sandbox made since: look again, unless it is being made or removed now.
            ReentrantLock lock = lockOf(hash);
            if (!lock.tryLock()) {
                continue;
            }
            try {
                Tracked tracked = byLearner.get(hash);
                if (tracked != null && !stillThere(tracked.sandbox.containerId())) {
                    LOG.infof("Sandbox of learner %s disappeared from the engine", hash);
                    removeLocked(hash, Reason.GONE);
                }
            } finally {
                lock.unlock();
            }
        }
        adopt(inEngine.values(), Instant.now());
        profiles.sweepStorage(inEngine.values().stream().map(SandboxService::nameOf)
                .collect(java.util.stream.Collectors.toSet()));
        refillPool();
    }

    /** Adopts what the engine holds, as a restarted server does: learners' sandboxes and the warm pool. */
    public void adoptExisting(Instant now) {
        List<Container> found = listManaged();
        for (Container c : found) {
            if (isUnclaimedPool(c)) {
                pool.adopt(c, new Sandbox(c.getId(), nameOf(c), WarmPool.LEARNER_LABEL, Instant.ofEpochSecond(c.getCreated())));
            }
        }
        adopt(found, now);
        refillPool();
    }

    /** As a freshly started server: knows nothing until {@link #adoptExisting} looks. */
    void forgetAllForTest() {
        byLearner.clear();
        occupied.set(0);
        pool.forgetForTest();
    }

    /** Warm, unclaimed sandboxes ready right now. */
    public int pooled() {
        return pool.size();
    }

    private void refillPool() {
        if (pool.enabled()) {
            pool.refill(config.maxSandboxes() - occupied.get());
        }
    }

    /**
     * Whose sandbox this is: the learner label, or for a claimed pool sandbox (whose label stays
     * {@code pool}) the hash its name ends with. Empty for an unclaimed pool sandbox.
     */
    private Optional<String> learnerOf(Container c) {
        if (containers.isDoomed(nameOf(c))) {
            return Optional.empty();
        }
        String label = c.getLabels().get(Labels.LEARNER);
        if (!WarmPool.LEARNER_LABEL.equals(label)) {
            return Optional.ofNullable(label).filter(l -> !l.isBlank());
        }
        String name = nameOf(c);
        if (pool.isUnclaimedName(name) || containers.isDoomed(name)) {
            return Optional.empty();
        }
        String hash = name.substring(name.lastIndexOf('-') + 1);
        return hash.matches("[0-9a-f]{16}") ? Optional.of(hash) : Optional.empty();
    }

    private boolean isUnclaimedPool(Container c) {
        return WarmPool.LEARNER_LABEL.equals(c.getLabels().get(Labels.LEARNER)) && pool.isUnclaimedName(nameOf(c));
    }

    private void adopt(Iterable<Container> found, Instant now) {
        for (Container c : found) {
            if (isUnclaimedPool(c)) {
                continue;
            }
            Optional<String> learner = learnerOf(c);
            if (learner.isEmpty()) {
                containers.removeQuietly(c.getId());
                continue;
            }
            String hash = learner.get();
            if (byLearner.containsKey(hash)) {
                continue;
            }
            // being made or removed right now (by acquire, reset, the reaper): not ours to adopt yet
            ReentrantLock lock = lockOf(hash);
            if (!lock.tryLock()) {
                continue;
            }
            try {
                adoptLocked(c, hash, now);
            } finally {
                lock.unlock();
            }
        }
    }

    private void adoptLocked(Container c, String hash, Instant now) {
        if (byLearner.containsKey(hash) || "removing".equals(c.getState())) {
            return;
        }
        if ("dead".equals(c.getState())) {
            containers.removeQuietly(c.getId());
            return;
        }
        if (!"running".equals(c.getState())) {
            try {
                engine.client().startContainerCmd(c.getId()).exec();
            } catch (NotModifiedException ignored) {
                // started meanwhile
            } catch (RuntimeException e) {
                LOG.infof("Removing sandbox %s that cannot be restarted: %s", c.getId(), e.getMessage());
                containers.removeQuietly(c.getId());
                return;
            }
        }
        if (!containers.joinedOrJoining(c)) {
            containers.mendJoin(c.getId()); // a server that died between start and join
        }
        Sandbox sandbox = new Sandbox(c.getId(), nameOf(c), hash, Instant.ofEpochSecond(c.getCreated()));
        if (byLearner.putIfAbsent(hash, new Tracked(sandbox, SandboxProfiles.of(c.getLabels()), now)) == null) {
            occupied.incrementAndGet();
            LOG.infof("Adopted sandbox %s of learner %s", sandbox.name(), hash);
        }
    }

    private Optional<Sandbox> findInEngine(String hash) {
        for (Container c : listManaged()) {
            if (learnerOf(c).filter(hash::equals).isPresent()) {
                adopt(List.of(c), Instant.now());
                Tracked t = byLearner.get(hash);
                if (t != null) {
                    return Optional.of(t.sandbox);
                }
            }
        }
        return Optional.empty();
    }

    private Sandbox create(String hash, SandboxProfile profile) {
        if (occupied.incrementAndGet() > config.maxSandboxes()) {
            occupied.decrementAndGet();
            throw new SandboxException.AtCapacity(config.maxSandboxes());
        }
        try {
            // the warm pool holds plain sandboxes only
            Optional<Sandbox> warm = profile == SandboxProfile.PLAIN ? pool.claim(hash) : Optional.empty();
            if (warm.isPresent()) {
                return warm.get();
            }
            return containers.create(Labels.sandboxName(config.instance(), hash), hash, profile);
        } catch (ConflictException e) {
            // Another server of this instance made it first: take that one.
            occupied.decrementAndGet();
            return findInEngine(hash).orElseThrow(() -> e);
        } catch (RuntimeException e) {
            occupied.decrementAndGet();
            throw e;
        } finally {
            refillPool();
        }
    }

    /**
     * Under the learner's lock, so a creation in flight finishes first (and is removed too), and a
     * terminal reconnecting at once after a reset waits for the old container to be gone instead
     * of adopting it half-removed.
     */
    private boolean remove(String hash, Reason reason) {
        ReentrantLock lock = lockOf(hash);
        lock.lock();
        try {
            return removeLocked(hash, reason);
        } finally {
            lock.unlock();
        }
    }

    private boolean removeLocked(String hash, Reason reason) {
        Tracked tracked = byLearner.remove(hash);
        if (tracked == null) {
            // not known here; still make sure the engine holds nothing for this learner
            for (Container c : listManaged()) {
                if (learnerOf(c).filter(hash::equals).isPresent()) {
                    containers.removeQuietly(c.getId());
                    profiles.removeStorage(nameOf(c));
                }
            }
            return false;
        }
        occupied.decrementAndGet();
        refillPool();
        // Tell the terminals first so they close with the reason rather than a broken stream.
        ended.fire(new SandboxEnded(hash, reason));
        containers.removeQuietly(tracked.sandbox.containerId());
        profiles.removeStorage(tracked.sandbox.name());
        return true;
    }

    /** Held while a learner's sandbox is created, adopted or removed. */
    private ReentrantLock lockOf(String hash) {
        return creationLocks.computeIfAbsent(hash, h -> new ReentrantLock());
    }

    /** True when the container exists and is not on its way out. */
    private boolean stillThere(String containerId) {
        try {
            var state = engine.client().inspectContainerCmd(containerId).exec().getState();
            return !"removing".equals(state.getStatus()) && !"dead".equals(state.getStatus());
        } catch (NotFoundException e) {
            return false;
        }
    }

    private List<Container> listManaged() {
        return engine.call(() -> engine.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(
                        Labels.MANAGED, "true",
                        Labels.ROLE, Labels.ROLE_SANDBOX,
                        Labels.INSTANCE, config.instance()))
                .exec());
    }

    /** A runtime the engine does not know would fail every sandbox: refuse to start instead. */
    private void requireRuntime() {
        var runtimes = engine.client().infoCmd().exec().getRuntimes();
        if (runtimes != null && !runtimes.containsKey(config.runtime())) {
            throw new IllegalStateException("dockerlab.sandbox.runtime is " + config.runtime() + " but the Docker engine at "
                    + engine.host() + " only knows " + new java.util.TreeSet<>(runtimes.keySet())
                    + ". Run deploy/setup.sh --with-gvisor to register runsc, or set dockerlab.sandbox.runtime=runc.");
        }
    }

    /** The sandbox network, made if missing; answers its id. */
    private String ensureNetwork() {
        DockerClient docker = engine.client();
        for (Network n : docker.listNetworksCmd().withNameFilter(config.network()).exec()) {
            if (config.network().equals(n.getName())) {
                return n.getId();
            }
        }
        try {
            String id = docker.createNetworkCmd()
                    .withName(config.network())
                    .withDriver("bridge")
                    // sandboxes reach the outside world but never each other
                    .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.ROLE, Labels.ROLE_NETWORK,
                            Labels.LEARNER, "shared", Labels.INSTANCE, config.instance()))
                    .exec().getId();
            LOG.infof("Created network %s (containers on it cannot reach each other)", config.network());
            return id;
        } catch (ConflictException e) {
            // created concurrently
            return docker.inspectNetworkCmd().withNetworkId(config.network()).exec().getId();
        }
    }

    private static String nameOf(Container c) {
        String[] names = c.getNames();
        return names == null || names.length == 0 ? c.getId() : names[0].replaceFirst("^/", "");
    }

    /** A sandbox and when its learner last did something with it. */
    private static final class Tracked {
        final Sandbox sandbox;
        final SandboxProfile profile;
        volatile Instant lastActivity;

        Tracked(Sandbox sandbox, SandboxProfile profile, Instant lastActivity) {
            this.sandbox = sandbox;
            this.profile = profile;
            this.lastActivity = lastActivity;
        }

        void touch() {
            lastActivity = Instant.now();
        }
    }

    /** What tests and the health check need to see of the current state. */
    public List<Sandbox> live() {
        List<Sandbox> out = new ArrayList<>();
        byLearner.values().forEach(t -> out.add(t.sandbox));
        return out;
    }
}
