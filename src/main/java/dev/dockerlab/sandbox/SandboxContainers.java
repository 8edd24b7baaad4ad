package dev.dockerlab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

/**
 * Makes and removes sandbox containers: the one place that knows how a sandbox container is
 * specified. A container that fails to start is inspected, logged, removed, and the failure
 * thrown as one specific exception.
 */
@ApplicationScoped
class SandboxContainers {

    private static final Logger LOG = Logger.getLogger(SandboxContainers.class);

    /**
     * The container's main process: {@code sleep infinity}, after starting the shell keeper
     * (deploy/sandbox/dockerlab-shell.c) so the learner's shell is up by the time the first
     * terminal's exec runs, instead of starting then. The keeper detaches; the sleep is what
     * keeps the container running, whatever the shell does. An image without the keeper just sleeps.
     */
    static final String[] COMMAND = {"/bin/sh", "-c",
            "/usr/local/bin/dockerlab-shell start 2>/dev/null; exec sleep infinity"};

    /** Where a sandbox starts: on no network, so its start does not wait for its own network (see {@link #join}). */
    static final String START_NETWORK = "none";

    /** How long a new sandbox waits for its first terminal to ask for the join before joining anyway. */
    private static final Duration JOIN_AT_LATEST = Duration.ofSeconds(1);

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxProfiles profiles;
    private final ExecutorService joiner = Executors.newVirtualThreadPerTaskExecutor();
    /** Started on no network and not moved yet. */
    private final Set<String> unjoined = ConcurrentHashMap.newKeySet();
    private final Set<String> joining = ConcurrentHashMap.newKeySet();

    SandboxContainers(Engine engine, SandboxConfig config, SandboxProfiles profiles) {
        this.engine = engine;
        this.config = config;
        this.profiles = profiles;
    }

    /** A plain sandbox, as the warm pool makes them. */
    Sandbox create(String name, String learnerLabel) {
        return create(name, learnerLabel, SandboxProfile.PLAIN);
    }

    /**
     * Creates and starts a sandbox container.
     *
     * @throws ConflictException when a container of that name exists already
     * @throws SandboxException.ImageMissing when the image is not in the engine
     */
    Sandbox create(String name, String learnerLabel, SandboxProfile profile) {
        DockerClient docker = engine.client();
        String id = null;
        // the profile decides image, environment, labels and host settings (plain: the core loop's own)
        SandboxProfiles.ContainerSpec spec = profiles.spec(profile, learnerLabel, name, labels(learnerLabel));
        try {
            profiles.prepare(profile, name, labels(learnerLabel));
            // Taken before the create, in whole seconds as the engine's container list reports it to a
            // restarted server: never later than the engine's own record, and no inspect on the way to a prompt.
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            id = engine.call(() -> docker.createContainerCmd(spec.image())
                    .withName(name)
                    .withLabels(spec.labels())
                    .withHostName(Hardening.HOSTNAME)
                    .withUser(Hardening.USER)
                    .withWorkingDir(Hardening.HOME)
                    .withEnv(spec.env())
                    .withCmd(COMMAND)
                    .withHostConfig(spec.hostConfig().withNetworkMode(START_NETWORK))
                    .exec().getId());
            String created = id;
            engine.call(() -> {
                docker.startContainerCmd(created).exec();
                return null;
            });
            joinLater(id);
            return new Sandbox(id, name, learnerLabel, createdAt);
        } catch (NotFoundException e) {
            removeQuietly(id);
            profiles.removeStorage(name);
            if (!engine.imageExists(spec.image())) {
                throw new SandboxException.ImageMissing(spec.image());
            }
            throw e;
        } catch (RuntimeException e) {
            if (id != null) {
                LOG.warnf("Sandbox %s failed to start (%s); removing it", name, e.getMessage());
            }
            removeQuietly(id);
            if (!(e instanceof ConflictException)) {
                profiles.removeStorage(name);
            }
            throw e;
        }
    }

    Map<String, String> labels(String learnerLabel) {
        return Map.of(
                Labels.MANAGED, "true",
                Labels.LEARNER, learnerLabel,
                Labels.ROLE, Labels.ROLE_SANDBOX,
                Labels.INSTANCE, config.instance());
    }

    /**
     * Removes a container; one that is already gone or going is fine. When the engine fails to
     * remove it (a kill that times out under load, say), it is renamed out of its learner's way
     * ({@link #isDoomed}) so a fresh sandbox can take the name at once, and the reaper tries the
     * removal again.
     */
    void removeQuietly(String id) {
        if (id == null) {
            return;
        }
        try {
            engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException | ConflictException e) {
            // gone already, or being removed: that is what we wanted
        } catch (RuntimeException e) {
            LOG.warnf("The engine could not remove sandbox %s yet (%s); it is set aside and removed later",
                    id, Engine.rootMessage(e));
            try {
                engine.client().renameContainerCmd(id).withName(doomedName()).exec();
            } catch (RuntimeException renameFailed) {
                LOG.warnf("Could not set sandbox %s aside either: %s", id, renameFailed.getMessage());
            }
        }
    }

    /**
     * Moves a started sandbox from no network to its own, in the background. Starting a container
     * on a user-defined network costs the start about 45 ms on a 2-core host (the engine sets up
     * the network's DNS resolver inside the container first), and the engine holds the container
     * while it joins, so an exec would wait too. The terminal that opens the sandbox asks for the
     * join once its shell has started ({@link #joinSoon}); otherwise it happens a second after the
     * start. A join that fails is tried again by the next reconcile, which joins every running
     * sandbox that is not on its network.
     */
    private void joinLater(String id) {
        unjoined.add(id);
        joiner.execute(() -> {
            try {
                Thread.sleep(JOIN_AT_LATEST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            joinSoon(id);
        });
    }

    /** Joins a sandbox started on no network, unless it joined or is joining. */
    void joinSoon(String id) {
        if (unjoined.remove(id) && joining.add(id)) {
            joiner.execute(() -> {
                try {
                    join(id);
                } finally {
                    joining.remove(id);
                }
            });
        }
    }

    /** Joins a running sandbox found off its network (a failed join, a server that died before it). */
    void mendJoin(String id) {
        if (!joining.contains(id)) {
            unjoined.add(id);
            joinSoon(id);
        }
    }

    private void join(String id) {
        DockerClient docker = engine.client();
        try {
            try {
                docker.disconnectFromNetworkCmd().withNetworkId(START_NETWORK).withContainerId(id).withForce(true).exec();
            } catch (NotFoundException | ConflictException e) {
                // not on it (joined before, or restarted by the engine on its own network)
            } catch (InternalServerErrorException e) {
                if (!String.valueOf(e.getMessage()).contains("is not connected")) {
                    throw e;
                }
            }
            docker.connectToNetworkCmd().withNetworkId(config.network()).withContainerId(id).exec();
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("already exists") || why.contains("No such container")) {
                return; // joined meanwhile, or removed before it joined (a reset within the first second)
            }
            LOG.infof("Sandbox %s has not joined network %s yet (%s); the next reconcile tries again",
                    id.substring(0, Math.min(12, id.length())), config.network(), e.getMessage());
        }
    }

    /** Whether a listed sandbox is on its network already (or being moved there). */
    boolean joinedOrJoining(Container c) {
        var settings = c.getNetworkSettings();
        var networks = settings == null ? null : settings.getNetworks();
        return unjoined.contains(c.getId()) || joining.contains(c.getId())
                || (networks != null && networks.containsKey(config.network()));
    }

    /** A sandbox set aside for removal belongs to nobody. */
    boolean isDoomed(String name) {
        return name.startsWith(Labels.sandboxName(config.instance(), "removing-"));
    }

    private String doomedName() {
        return Labels.sandboxName(config.instance(), "removing-" + Long.toHexString(System.nanoTime()));
    }
}
