package dev.dockerlab.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Makes and removes sandbox containers: the one place that knows how a sandbox container is
 * specified. A container that fails to start is inspected, logged, removed, and the failure
 * thrown as one specific exception.
 */
@ApplicationScoped
class SandboxContainers {

    private static final Logger LOG = Logger.getLogger(SandboxContainers.class);

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxProfiles profiles;

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
            id = engine.call(() -> docker.createContainerCmd(spec.image())
                    .withName(name)
                    .withLabels(spec.labels())
                    .withHostName(Hardening.HOSTNAME)
                    .withUser(Hardening.USER)
                    .withWorkingDir(Hardening.HOME)
                    .withEnv(spec.env())
                    .withCmd("sleep", "infinity")
                    .withHostConfig(spec.hostConfig())
                    .exec().getId());
            String created = id;
            engine.call(() -> {
                docker.startContainerCmd(created).exec();
                return null;
            });
            String createdAt = docker.inspectContainerCmd(id).exec().getCreated();
            // whole seconds, as the engine's container list reports it to a restarted server
            return new Sandbox(id, name, learnerLabel, Instant.parse(createdAt).truncatedTo(ChronoUnit.SECONDS));
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

    /** Removes a container; one that is already gone or going is fine. */
    void removeQuietly(String id) {
        if (id == null) {
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                return;
            } catch (NotFoundException | ConflictException e) {
                // gone already, or being removed: that is what we wanted
                return;
            } catch (InternalServerErrorException e) {
                // A busy engine stops waiting for the kill after a few seconds ("did not receive an
                // exit event") while the container is still on its way out: wait for it, then again.
                if (attempt == 3) {
                    throw e;
                }
                LOG.infof("Removing container %s: %s; waiting for it to stop, then trying again", id, e.getMessage().trim());
                try {
                    engine.client().waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
                } catch (RuntimeException notYet) {
                    // still going, or gone: the next attempt tells
                }
            }
        }
    }
}
