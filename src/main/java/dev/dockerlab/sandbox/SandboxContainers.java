package dev.dockerlab.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Makes and removes sandbox containers: the one place that knows how a sandbox container is
 * specified. A container that fails to start is inspected, logged, removed, and the failure
 * thrown as one specific exception.
 */
@ApplicationScoped
class SandboxContainers {

    private static final Logger LOG = Logger.getLogger(SandboxContainers.class);
    /** How long a failed removal waits before its one retry. */
    private static final Duration REMOVE_RETRY = Duration.ofSeconds(2);

    /**
     * The container's main process: {@code sleep infinity}, after starting the shell keeper
     * (deploy/sandbox/dockerlab-shell.c) so the learner's shell is up by the time the first
     * terminal's exec runs, instead of starting then. The keeper detaches; the sleep is what
     * keeps the container running, whatever the shell does. An image without the keeper just sleeps.
     */
    static final String[] COMMAND = {"/bin/sh", "-c",
            "/usr/local/bin/dockerlab-shell start 2>/dev/null; exec sleep infinity"};

    /**
     * A Docker-enabled pool sandbox's main process: no shell yet. Its shell must start with its
     * learner's environment, which is known only at the claim ({@link SandboxProfiles#startShell}).
     */
    static final String[] POOL_ENGINE_COMMAND = {"/bin/sh", "-c", "exec sleep infinity"};

    /** {@link #COMMAND} for a profile whose keeper runs another shell ({@link Machine#shell}). */
    static String[] command(SandboxProfile profile) {
        List<String> shell = Machine.shell(profile);
        if (shell.isEmpty()) {
            return COMMAND;
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                "/usr/local/bin/dockerlab-shell start \"$@\" 2>/dev/null; exec sleep infinity", "sandbox", "--"));
        argv.addAll(shell);
        return argv.toArray(String[]::new);
    }

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxProfiles profiles;
    private final SandboxNetwork network;

    SandboxContainers(Engine engine, SandboxConfig config, SandboxProfiles profiles, SandboxNetwork network) {
        this.engine = engine;
        this.config = config;
        this.profiles = profiles;
        this.network = network;
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
        return create(name, learnerLabel, profile, Hardening.HOSTNAME, Map.of());
    }

    /**
     * The same, with another hostname and labels over the sandbox's own: a learner's nodes
     * ({@link NodeGroups}) are {@code node1}, {@code node2}, ..., and nodes 2..N carry the role {@code node}.
     */
    Sandbox create(String name, String learnerLabel, SandboxProfile profile, String hostname, Map<String, String> moreLabels) {
        DockerClient docker = engine.client();
        String id = null;
        Map<String, String> labels = new java.util.HashMap<>(labels(learnerLabel));
        labels.putAll(moreLabels);
        // the profile decides image, environment, labels and host settings (plain: the core loop's own)
        SandboxProfiles.ContainerSpec spec = profiles.spec(profile, learnerLabel, name, labels);
        try {
            profiles.prepare(profile, name, labels);
            // Taken before the create, in whole seconds as the engine's container list reports it to a
            // restarted server: never later than the engine's own record, and no inspect on the way to a prompt.
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            id = engine.call(() -> docker.createContainerCmd(spec.image())
                    .withName(name)
                    .withLabels(spec.labels())
                    .withHostName(hostname)
                    .withUser(Hardening.USER)
                    .withWorkingDir(Hardening.HOME)
                    .withEnv(spec.env())
                    .withCmd(profile.hasEngine() && WarmPool.LEARNER_LABEL.equals(learnerLabel)
                            ? POOL_ENGINE_COMMAND : command(profile))
                    .withHostConfig(spec.hostConfig().withNetworkMode(SandboxNetwork.START_NETWORK))
                    .exec().getId());
            String created = id;
            engine.call(() -> {
                docker.startContainerCmd(created).exec();
                return null;
            });
            network.joinLater(id);
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
        } finally {
            profiles.settled(name);
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
     * remove it (a kill that times out under load, say: Docker answers 500 when the container has
     * not exited two seconds after SIGKILL, as a Docker-enabled node running a swarm can), it tries
     * once more a moment later; failing again, the container is renamed out of its learner's way
     * ({@link #isDoomed}) so a fresh sandbox can take the name at once, and the reaper tries the
     * removal again.
     */
    void removeQuietly(String id) {
        if (id == null) {
            return;
        }
        RuntimeException failed = tryRemove(id);
        if (failed != null) {
            pause(REMOVE_RETRY);
            failed = tryRemove(id);
        }
        if (failed != null) {
            LOG.warnf("The engine could not remove sandbox %s yet (%s); it is set aside and removed later",
                    id, Engine.rootMessage(failed));
            try {
                engine.client().renameContainerCmd(id).withName(doomedName()).exec();
            } catch (RuntimeException renameFailed) {
                LOG.warnf("Could not set sandbox %s aside either: %s", id, renameFailed.getMessage());
            }
        }
    }

    /** The engine's failure to remove the container, or null when it is gone (or going) now. */
    private RuntimeException tryRemove(String id) {
        try {
            engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return null;
        } catch (NotFoundException | ConflictException e) {
            // gone already, or being removed: that is what we wanted
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The name a sandbox's engine storage was made under ({@link SandboxProfiles#storageOf}); its own name when unknown. */
    String storageOf(String containerId, String name) {
        try {
            return SandboxProfiles.storageOf(engine.client().inspectContainerCmd(containerId).exec().getConfig().getLabels(), name);
        } catch (RuntimeException e) {
            return name;
        }
    }

    /**
     * Renames a container, as claiming a pool sandbox does.
     *
     * @throws NotFoundException when no container has the name {@code from} (any more)
     * @throws ConflictException when a container named {@code to} exists
     */
    void rename(String from, String to) {
        engine.client().renameContainerCmd(from).withName(to).exec();
    }

    /** A sandbox set aside for removal belongs to nobody. */
    boolean isDoomed(String name) {
        return name.startsWith(Labels.sandboxName(config.instance(), "removing-"));
    }

    private String doomedName() {
        return Labels.sandboxName(config.instance(), "removing-" + Long.toHexString(System.nanoTime()));
    }
}
