package dev.dockerlab.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;

/**
 * What the engine holds for this instance, and the cache brought in line with it: at start (a
 * restarted server adopts the sandboxes it finds, learners' and the warm pool's) and on each
 * reconcile (sandboxes removed behind the server's back are forgotten, ones it does not know are
 * adopted, missed network joins mended, containers set aside for removal removed).
 */
@ApplicationScoped
class SandboxAdoption {

    private static final Logger LOG = Logger.getLogger(SandboxAdoption.class);

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxContainers containers;
    private final SandboxNetwork network;
    private final SandboxNames names;
    private final SandboxProfiles profiles;
    private final WarmPool pool;
    private final LiveSandboxes live;
    private final NodeGroups nodeGroups;
    private final LearnerEnv learnerEnv;

    SandboxAdoption(Engine engine, SandboxConfig config, SandboxContainers containers, SandboxNetwork network,
            SandboxNames names, SandboxProfiles profiles, WarmPool pool, LiveSandboxes live, NodeGroups nodeGroups,
            LearnerEnv learnerEnv) {
        this.nodeGroups = nodeGroups;
        this.learnerEnv = learnerEnv;
        this.engine = engine;
        this.config = config;
        this.containers = containers;
        this.network = network;
        this.names = names;
        this.profiles = profiles;
        this.pool = pool;
        this.live = live;
    }

    /**
     * Brings the cache in line with the engine: sandboxes removed behind our back are handed to
     * {@code goneLocked} (called under the learner's lock, to forget them and tell their
     * terminals), and ones this instance owns but does not know are adopted.
     */
    void reconcile(Consumer<String> goneLocked) {
        Map<String, Container> inEngine = new HashMap<>();
        List<Container> managed = listManaged();
        for (Container c : managed) {
            learnerOf(c).ifPresent(hash -> inEngine.put(hash, c));
            if (containers.isDoomed(nameOf(c))) {
                containers.removeQuietly(c.getId());
            } else if ("running".equals(c.getState()) && !network.joinedOrJoining(c)) {
                // started, but its join failed or a crashed server never asked for it
                network.mendJoin(c.getId());
            }
        }
        for (String hash : live.learners()) {
            Container listed = inEngine.get(hash);
            if (listed != null && "running".equals(listed.getState())) {
                continue;
            }
            // The list may predate a sandbox made since: look again, unless it is being made or removed now.
            var held = live.tryLock(hash);
            if (held.isEmpty()) {
                continue;
            }
            try (var h = held.get()) {
                // An exited sandbox (its learner can kill its main process) is no sandbox: its
                // address goes back to the network and may be handed to another learner's sandbox.
                var tracked = live.get(hash);
                if (tracked.isPresent() && !running(tracked.get().sandbox().containerId())) {
                    LOG.infof("Sandbox of learner %s disappeared from the engine or stopped", hash);
                    goneLocked.accept(hash);
                }
            }
        }
        adopt(inEngine.values(), live.now());
        // every sandbox keeps its storage, the unclaimed pool's included (by label: a claimed pool
        // sandbox's storage has its pool name), and a learner's other nodes keep theirs (NodeGroups)
        Set<String> keep = managed.stream().map(c -> SandboxProfiles.storageOf(c.getLabels(), nameOf(c)))
                .collect(Collectors.toCollection(HashSet::new));
        keep.addAll(nodeGroups.nodeNames());
        profiles.sweepStorage(keep);
        pool.refill();
    }

    /**
     * Forgets what this server knows and learns it again from the engine, as a restarted server
     * does: learners' sandboxes and the warm pool. Only where nothing else uses the sandboxes yet
     * (at start).
     */
    void reload() {
        live.forgetAll();
        pool.forgetAll();
        adoptExisting(live.now());
    }

    /** Adopts what the engine holds, as a restarted server does: learners' sandboxes and the warm pool. */
    void adoptExisting(Instant now) {
        List<Container> found = listManaged();
        for (Container c : found) {
            if (isUnclaimedPool(c)) {
                pool.adopt(c, new Sandbox(c.getId(), nameOf(c), WarmPool.LEARNER_LABEL, Instant.ofEpochSecond(c.getCreated())));
            }
        }
        adopt(found, now);
        pool.refill();
    }

    /** The learner's sandbox in the engine (made by another server of this instance), adopted. */
    Optional<Sandbox> findInEngine(String hash) {
        for (Container c : listManaged()) {
            if (learnerOf(c).filter(hash::equals).isPresent()) {
                adopt(List.of(c), live.now());
                var t = live.get(hash);
                if (t.isPresent()) {
                    return Optional.of(t.get().sandbox());
                }
            }
        }
        return Optional.empty();
    }

    /** The learner's containers in the engine, whether this server knows them or not. */
    List<Container> ownedBy(String hash) {
        return listManaged().stream().filter(c -> learnerOf(c).filter(hash::equals).isPresent()).toList();
    }

    /** Every container of this instance that is a sandbox, learners' and the pool's. */
    List<Container> listManaged() {
        return engine.call(() -> engine.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(
                        Labels.MANAGED, "true",
                        Labels.ROLE, Labels.ROLE_SANDBOX,
                        Labels.INSTANCE, config.instance()))
                .exec());
    }

    boolean isUnclaimedPool(Container c) {
        return WarmPool.LEARNER_LABEL.equals(c.getLabels().get(Labels.LEARNER)) && pool.isUnclaimedName(nameOf(c));
    }

    static String nameOf(Container c) {
        String[] names = c.getNames();
        return names == null || names.length == 0 ? c.getId() : names[0].replaceFirst("^/", "");
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
        // a claimed pool sandbox: its labels predate its learner, its name tells them
        return names.learnerOf(name);
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
            if (live.contains(hash)) {
                continue;
            }
            // being made or removed right now (by acquire, reset, the reaper): not ours to adopt yet
            var held = live.tryLock(hash);
            if (held.isEmpty()) {
                continue;
            }
            try (var h = held.get()) {
                adoptLocked(c, hash, now);
            }
        }
    }

    private void adoptLocked(Container c, String hash, Instant now) {
        if (live.contains(hash) || "removing".equals(c.getState())) {
            return;
        }
        if ("dead".equals(c.getState())) {
            containers.removeQuietly(c.getId());
            return;
        }
        if (!"running".equals(c.getState())) {
            String storage = SandboxProfiles.storageOf(c.getLabels(), nameOf(c));
            if (!profiles.storageIntact(c.getLabels(), storage)) {
                LOG.infof("Removing sandbox %s: its Docker storage did not survive the engine's restart", nameOf(c));
                containers.removeQuietly(c.getId());
                profiles.removeStorage(storage);
                return;
            }
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
        if (!network.joinedOrJoining(c)) {
            network.mendJoin(c.getId()); // a server that died between start and join
        }
        Sandbox sandbox = new Sandbox(c.getId(), nameOf(c), hash, Instant.ofEpochSecond(c.getCreated()));
        SandboxProfile profile = SandboxProfiles.of(c.getLabels());
        if (profile.hasEngine() && WarmPool.LEARNER_LABEL.equals(c.getLabels().get(Labels.LEARNER))) {
            // a claimed Docker-enabled pool sandbox: its checks and shells learn their learner as at the claim
            learnerEnv.set(c.getId(), profiles.learnerEnv(hash));
        }
        if (live.adopt(hash, sandbox, profile, now)) {
            LOG.infof("Adopted sandbox %s of learner %s", sandbox.name(), hash);
        }
    }

    /** True when the container exists and runs: not exited, dead or on its way out. */
    boolean running(String containerId) {
        try {
            var state = engine.client().inspectContainerCmd(containerId).exec().getState();
            return Boolean.TRUE.equals(state.getRunning()) && !"removing".equals(state.getStatus());
        } catch (NotFoundException e) {
            return false;
        }
    }
}
