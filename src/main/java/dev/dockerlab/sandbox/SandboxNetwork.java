package dev.dockerlab.sandbox;

import java.time.Duration;
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
import com.github.dockerjava.api.model.Network;

/**
 * The sandboxes' bridge ({@code dockerlab.sandbox.network}): made at start if missing, guarded by
 * the host firewall, and joined by every sandbox right after it starts. A join that failed, or
 * that a crashed server never asked for, is mended by the reconcile.
 */
@ApplicationScoped
class SandboxNetwork {

    private static final Logger LOG = Logger.getLogger(SandboxNetwork.class);

    /** Where a sandbox starts: on no network, so its start does not wait for its own network (see {@link #join}). */
    static final String START_NETWORK = "none";

    /** How long a new sandbox waits for its first terminal to ask for the join before joining anyway. */
    private static final Duration JOIN_AT_LATEST = Duration.ofSeconds(1);

    private final Engine engine;
    private final SandboxConfig config;
    private final HostFirewall firewall;
    private final ExecutorService joiner = Executors.newVirtualThreadPerTaskExecutor();
    /** Started on no network and not moved yet. */
    private final Set<String> unjoined = ConcurrentHashMap.newKeySet();
    private final Set<String> joining = ConcurrentHashMap.newKeySet();
    private volatile String networkId;

    SandboxNetwork(Engine engine, SandboxConfig config, HostFirewall firewall) {
        this.engine = engine;
        this.config = config;
        this.firewall = firewall;
    }

    /** At start: the network, made if missing. */
    void ensure() {
        networkId = ensureNetwork();
    }

    /** At start: the firewall rules on the network's bridge, with the sandbox image (which runs iptables) there or not. */
    void guard(boolean imagePresent) {
        firewall.ensure(networkId, imagePresent);
    }

    /** Sets the firewall rules if they are not set yet (the image may have been built since start: the firewall needs it). */
    void guard() {
        firewall.ensure(networkId);
    }

    /** Lets sandboxes connect to this address and port of the host (the registry gate), or takes that back. */
    void openHostPort(String address, int port, boolean open) {
        if (networkId != null) {
            firewall.openPort(networkId, address, port, open);
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

    /**
     * Moves a started sandbox from no network to its own, in the background. Starting a container
     * on a user-defined network costs the start about 45 ms on a 2-core host (the engine sets up
     * the network's DNS resolver inside the container first), and the engine holds the container
     * while it joins, so an exec would wait too. The terminal that opens the sandbox asks for the
     * join once its shell has started ({@link #joinSoon}); otherwise it happens a second after the
     * start. A join that fails is tried again by the next reconcile, which joins every running
     * sandbox that is not on its network.
     */
    void joinLater(String id) {
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

    /**
     * Joins a sandbox now, waiting for it: a node joins the sandbox network before its group's
     * network, so the sandbox network is always its {@code eth0} and the group's {@code eth1}
     * (what a lesson's {@code --advertise-addr eth1} relies on).
     */
    void joinNow(String id) {
        if (unjoined.remove(id)) {
            joining.add(id);
            try {
                join(id);
            } finally {
                joining.remove(id);
            }
            return;
        }
        for (int i = 0; i < 100 && joining.contains(id); i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
                // not on it either: the engine answers a disconnect from a network the container is
                // not on with a bare 500; any other failure shows in the join that follows
            }
            docker.connectToNetworkCmd().withNetworkId(config.network()).withContainerId(id).exec();
        } catch (RuntimeException e) {
            int status = EngineErrors.status(e);
            if (status == EngineErrors.FORBIDDEN || status == EngineErrors.NOT_FOUND) {
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
}
