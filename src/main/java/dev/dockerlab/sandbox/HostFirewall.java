package dev.dockerlab.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;

/**
 * Stops sandboxes from opening connections to the host they run on: this server's own port, an
 * engine API on TCP, anything else listening there. Inter-container traffic is already off on
 * the bridge; the host is reached through the bridge's own address and the INPUT chain, which
 * Docker leaves open. One rule closes it: new connections arriving from the sandbox bridge are
 * dropped, replies to connections the host opened (the preview proxy) still pass.
 *
 * <p>The rule is set where the sandboxes are, so it also works with a remote engine: a one-shot
 * container of the sandbox image on the host's network with only NET_ADMIN runs iptables.
 */
@ApplicationScoped
class HostFirewall {

    private static final Logger LOG = Logger.getLogger(HostFirewall.class);

    private final Engine engine;
    private final SandboxConfig config;
    private volatile String protectedNetwork;
    /** The registry gate's address and port, once it listens. */
    private volatile Opening opening;

    HostFirewall(Engine engine, SandboxConfig config) {
        this.engine = engine;
        this.config = config;
    }

    /** The rule for the bridge of this network, as an operator would type it. */
    static String rule(String bridge) {
        return "INPUT -i " + bridge + " -m conntrack --ctstate NEW,INVALID -j DROP";
    }

    /** Docker names a user-defined bridge br-<first 12 of the network id>. */
    static String bridgeOf(String networkId) {
        return "br-" + networkId.substring(0, 12);
    }

    /** Sets the rule (and the gate's opening, when there is one) once per network; later calls cost nothing. */
    void ensure(String networkId) {
        if (networkId.equals(protectedNetwork) || !engine.imageExists(config.image())) {
            return;
        }
        protect(networkId);
        Opening open = opening;
        if (open != null) {
            applyOpening(networkId, open, true);
        }
        protectedNetwork = networkId;
    }

    /**
     * The one exception to the rule: the registry gate, one TCP port on one address of the host
     * (the sandbox network's gateway, where the gate listens), not that port on every address.
     */
    static String openingRule(String bridge, String address, int port) {
        String destination = address == null || address.isBlank() || address.equals("0.0.0.0") ? "" : " -d " + address + "/32";
        return "INPUT -i " + bridge + destination + " -p tcp --dport " + port + " -m conntrack --ctstate NEW -j ACCEPT";
    }

    /**
     * Lets sandboxes open connections to this address and port of the host; {@code open=false}
     * takes it back. Before the network is protected (the image that runs iptables is not built
     * yet) it is only remembered, and set together with the rule.
     */
    void openPort(String networkId, String address, int port, boolean open) {
        if (!config.blockHost()) {
            return;
        }
        Opening wanted = new Opening(address, port);
        opening = open ? wanted : null;
        if (networkId.equals(protectedNetwork)) {
            applyOpening(networkId, wanted, open);
        }
    }

    private record Opening(String address, int port) {
    }

    private void applyOpening(String networkId, Opening opening, boolean open) {
        String address = opening.address();
        int port = opening.port();
        String rule = openingRule(bridgeOf(networkId), address, port);
        String script = open
                ? "set -e; iptables -C " + rule + " 2>/dev/null || iptables -I " + rule
                : "iptables -D " + rule + " 2>/dev/null || true";
        runIptables(script, (open ? "Sandboxes may connect to port " : "Closed port ") + port + " of this host (iptables "
                + (open ? "-I " : "-D ") + rule + ")", rule);
    }

    private void protect(String networkId) {
        if (!config.blockHost()) {
            LOG.warn("dockerlab.sandbox.block-host is off: sandboxes can connect to every port of the host.");
            return;
        }
        String bridge = bridgeOf(networkId);
        String rule = rule(bridge);
        String script = "set -e; for t in iptables ip6tables; do "
                + "$t -C " + rule + " 2>/dev/null || $t -I " + rule + " || [ $t = ip6tables ]; done";
        runIptables(script, "Sandboxes cannot open connections to this host (iptables -I " + rule + ")", rule);
    }

    private void runIptables(String script, String done, String rule) {
        DockerClient docker = engine.client();
        String id = null;
        try {
            id = docker.createContainerCmd(config.image())
                    .withName(Labels.NAME_PREFIX + "firewall-" + Long.toHexString(System.nanoTime()))
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.ROLE, "firewall", Labels.LEARNER, "none",
                            Labels.INSTANCE, config.instance()))
                    .withUser("0:0")
                    .withEntrypoint("/bin/sh", "-c")
                    .withCmd(script)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withNetworkMode("host")
                            .withCapDrop(Capability.ALL)
                            .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                            .withSecurityOpts(List.of("no-new-privileges:true")))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            Integer status = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
            if (status != 0) {
                throw new IllegalStateException("iptables exited with " + status + ": " + logs(id));
            }
            LOG.info(done);
        } catch (RuntimeException e) {
            LOG.warnf("Could not change the host's firewall for the sandboxes (%s). On the engine's host, as root,"
                    + " run: iptables -I %s", Engine.rootMessage(e), rule);
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // best effort: a leftover is labelled and harmless
                }
            }
        }
    }

    private String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            engine.client().logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString().trim();
    }
}
