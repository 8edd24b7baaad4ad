package dev.dockerlab.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

/**
 * One server per instance on an engine. The owner is a small container, {@code
 * dockerlab-<instance>-owner}, whose only process reads its stdin, which this server holds open.
 * When this server goes, even killed with -9, the engine closes that stdin, the process ends and
 * the container stops: a stopped owner is a stale one, taken over by the next server. A running
 * one belongs to a live server, and a second server for the instance refuses to start, naming it.
 * Nothing to refresh, no clock to trust: the engine's own connection is the heartbeat.
 */
@ApplicationScoped
class InstanceOwner {

    private static final Logger LOG = Logger.getLogger(InstanceOwner.class);
    static final String ROLE_OWNER = "owner";
    /** A just-created owner its server has not started yet; after this long it is a leftover. */
    private static final Duration STARTING = Duration.ofSeconds(60);

    private final Engine engine;
    private final SandboxConfig config;
    private final int port;
    private volatile CountDownLatch released = new CountDownLatch(1);
    private volatile String ownerId;
    private volatile boolean stopping;
    private volatile FrameStream attach;

    InstanceOwner(Engine engine, SandboxConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.engine = engine;
        this.config = config;
        this.port = port;
    }

    String name() {
        return Labels.NAME_PREFIX + config.instance() + "-owner";
    }

    /**
     * Becomes the instance's owner, or throws {@link SandboxException.InstanceTaken} naming the one
     * there is. The owner runs in the sandbox image: without it ({@code imagePresent}, which the
     * start looked up once) nothing is locked, and no learner gets a sandbox either.
     */
    void claim(boolean imagePresent) {
        if (!imagePresent) {
            LOG.warnf("Instance %s is not locked to this server: the sandbox image %s is missing", config.instance(), config.image());
            return;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            InspectContainerResponse current = inspect();
            if (current != null) {
                if (alive(current)) {
                    throw new SandboxException.InstanceTaken(config.instance(), describe(current.getConfig().getLabels()));
                }
                LOG.infof("Taking over instance %s from a server that is gone (%s)", config.instance(),
                        describe(current.getConfig().getLabels()));
                engine.call(() -> {
                    try {
                        engine.client().removeContainerCmd(current.getId()).withForce(true).exec();
                    } catch (NotFoundException gone) {
                        // another server took it away first: the next look says who owns it now
                    }
                    return null;
                });
                continue;
            }
            try {
                ownerId = engine.call(this::create);
                return;
            } catch (ConflictException raced) {
                // another server created it between our look and our create: look again
            }
        }
        throw new SandboxException.InstanceTaken(config.instance(), "a server starting at the same moment");
    }

    /**
     * Starts the owner this server created, its stdin held by this server from now on. Beside the
     * start, off its path to ready: until it runs, a just-created owner counts as live ({@link
     * #alive}), so the claim holds from its creation.
     */
    void hold() {
        String id = ownerId;
        if (id != null) {
            engine.call(() -> {
                attachAndStart(id);
                return null;
            });
        }
    }

    private String create() {
        return creation(engine.client(), config.image(), name(), Map.of(Labels.ROLE, ROLE_OWNER, Labels.INSTANCE, config.instance(),
                "dockerlab.owner.host", hostName(), "dockerlab.owner.pid", Long.toString(ProcessHandle.current().pid()),
                "dockerlab.owner.port", Integer.toString(port), "dockerlab.owner.since", Instant.now().toString()))
                .exec().getId();
    }

    /** The owner's creation, not sent: the claim sends it, and the warm-up has its JSON written once beforehand. */
    static CreateContainerCmd creation(DockerClient client, String image, String name, Map<String, String> labels) {
        return client.createContainerCmd(image)
                .withName(name)
                .withEntrypoint("cat")
                .withCmd(new String[0])
                .withStdinOpen(true)
                .withStdInOnce(true)
                .withAttachStdin(true)
                .withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withCapDrop(Capability.ALL)
                        .withReadonlyRootfs(true).withMemory(16L << 20).withPidsLimit(4L).withInit(false));
    }

    private void attachAndStart(String id) {
        released.countDown();
        released = new CountDownLatch(1);
        FrameStream stream = new FrameStream(FrameStream.DISCARD);
        attach = stream;
        // its own connection from the streams' pool, held for the server's life
        engine.streams().attachContainerCmd(id).withStdIn(new HeldOpen(released)).withFollowStream(true).exec(stream);
        stream.awaitStart(ShellAttach.START_LIMIT);
        engine.client().startContainerCmd(id).exec();
    }

    /**
     * On the reaper's schedule: an engine outage (or a restarted engine) ends the owner's stdin
     * like a dead server would; claim the instance again once the engine is back.
     */
    void keep() {
        String id = ownerId;
        if (id == null || stopping) {
            return;
        }
        InspectContainerResponse current = inspect();
        if (current != null && current.getId().equals(id) && Boolean.TRUE.equals(current.getState().getRunning())) {
            return;
        }
        try {
            claim(engine.imageExists(config.image()));
            hold();
            LOG.infof("Claimed instance %s again after the engine lost its owner container", config.instance());
        } catch (SandboxException.InstanceTaken e) {
            ownerId = null;
            LOG.errorf("%s This server went on without owning it.", e.getMessage());
        }
    }

    /** On a normal stop: the owner goes with its server, so the next one starts at once. */
    void release() {
        stopping = true;
        released.countDown();
        FrameStream stream = attach;
        if (stream != null) {
            // our side first: the owner's removal then ends a stream nobody reads
            stream.stop();
        }
        String id = ownerId;
        if (id != null) {
            try {
                engine.call(() -> {
                    engine.client().removeContainerCmd(id).withForce(true).exec();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.debugf("removing the owner container: %s", e.getMessage());
            }
        }
    }

    private InspectContainerResponse inspect() {
        return engine.call(() -> {
            try {
                return engine.client().inspectContainerCmd(name()).exec();
            } catch (NotFoundException none) {
                return null;
            }
        });
    }

    private static boolean alive(InspectContainerResponse owner) {
        var state = owner.getState();
        if (Boolean.TRUE.equals(state.getRunning())) {
            return true;
        }
        // created, not started yet: a server is in the middle of claiming it
        return "created".equals(state.getStatus()) && Instant.parse(owner.getCreated()).isAfter(Instant.now().minus(STARTING));
    }

    static String describe(Map<String, String> labels) {
        return "the server on " + labels.getOrDefault("dockerlab.owner.host", "?")
                + " with pid " + labels.getOrDefault("dockerlab.owner.pid", "?")
                + ", port " + labels.getOrDefault("dockerlab.owner.port", "?")
                + ", since " + labels.getOrDefault("dockerlab.owner.since", "?");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unnamed host";
        }
    }

    /** Stdin that gives nothing and never ends until the server releases it. */
    private static final class HeldOpen extends InputStream {

        private final CountDownLatch released;

        HeldOpen(CountDownLatch released) {
            this.released = released;
        }

        @Override
        public int read() throws IOException {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }
}
