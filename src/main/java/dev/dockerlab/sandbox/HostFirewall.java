package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

/**
 * Stops sandboxes from opening connections to the host they run on: this server's own port, an
 * engine API on TCP, anything else listening there. Inter-container traffic is already off on
 * the bridge; the host is reached through the bridge's own address and the INPUT chain, which
 * Docker leaves open. One rule closes it: new connections arriving from the sandbox bridge are
 * dropped, replies to connections the host opened (the preview proxy) still pass.
 *
 * <p>What sandboxes reach beyond the host (the internet, not the host's LAN or a cloud's metadata
 * service) is {@link EgressRules}, set here the same way.
 *
 * <p>The rule is set where the sandboxes are, so it also works with a remote engine: a one-shot
 * container of the sandbox image on the host's network with only NET_ADMIN runs iptables.
 */
@ApplicationScoped
class HostFirewall {

    private static final Logger LOG = Logger.getLogger(HostFirewall.class);

    private final boolean blockHost;
    private final EgressRules egress;
    private final BooleanSupplier imagePresent;
    private final Iptables iptables;
    /** The network whose rules are set; written, like {@link #opening}, only while holding this object's lock. */
    private volatile String protectedNetwork;
    /** The registry gate's address and port, once it listens. */
    private volatile Opening opening;

    /** Runs one shell script of iptables commands where the sandboxes are; throws when it does not exit 0. */
    @FunctionalInterface
    interface Iptables {
        void run(String script);
    }

    @Inject
    HostFirewall(Engine engine, SandboxConfig config) {
        // a wrong exception in egress-allow stops the start, with the setting's name, before any sandbox exists
        this(config.blockHost(), EgressRules.of(config), () -> engine.imageExists(config.image()),
                script -> runInContainer(engine, config, script));
    }

    HostFirewall(boolean blockHost, EgressRules egress, BooleanSupplier imagePresent, Iptables iptables) {
        this.blockHost = blockHost;
        this.egress = egress;
        this.imagePresent = imagePresent;
        this.iptables = iptables;
    }

    /** The rule for the bridge of this network, as an operator would type it. */
    static String rule(String bridge) {
        return "INPUT -i " + bridge + " -m conntrack --ctstate NEW,INVALID -j DROP";
    }

    /** Docker names a user-defined bridge br-<first 12 of the network id>. */
    static String bridgeOf(String networkId) {
        return "br-" + networkId.substring(0, 12);
    }

    /**
     * Sets the rule, the egress rules and the gate's opening (when there is one) once per network,
     * in one container run: each run costs the start a container's create, start and removal.
     * Later calls cost nothing. Nothing without the sandbox image, which runs iptables.
     *
     * <p>Holds the lock while the container runs, as {@link #openPort} does: a stop that takes the
     * gate's opening back while the start is still setting it waits, then removes it, rather than
     * leaving a rule for a port nobody listens on.
     */
    synchronized void ensure(String networkId, boolean imagePresent) {
        if (networkId == null || networkId.equals(protectedNetwork) || !imagePresent) {
            return;
        }
        List<Step> steps = new ArrayList<>();
        if (blockHost) {
            steps.add(protect(networkId));
        } else {
            LOG.warn("dockerlab.sandbox.block-host is off: sandboxes can connect to every port of the host.");
        }
        steps.add(limitEgress(networkId));
        Opening open = opening;
        if (open != null && blockHost) {
            steps.add(opening(networkId, open, true));
        }
        runIptables(steps);
        protectedNetwork = networkId;
    }

    /** As {@link #ensure(String, boolean)}, looking for the image first (it may have been built since the start). */
    void ensure(String networkId) {
        if (networkId != null && !networkId.equals(protectedNetwork)) {
            ensure(networkId, imagePresent.getAsBoolean());
        }
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
    synchronized void openPort(String networkId, String address, int port, boolean open) {
        if (!blockHost) {
            return;
        }
        Opening wanted = new Opening(address, port);
        opening = open ? wanted : null;
        if (networkId.equals(protectedNetwork)) {
            runIptables(List.of(opening(networkId, wanted, open)));
        }
    }

    private record Opening(String address, int port) {
    }

    /** One change of the firewall: the script that makes it, what to log when done, what an operator would type. */
    private record Step(String script, String done, String command) {
    }

    private Step opening(String networkId, Opening opening, boolean open) {
        int port = opening.port();
        String rule = openingRule(bridgeOf(networkId), opening.address(), port);
        String script = open
                ? "set -e; iptables -C " + rule + " 2>/dev/null || iptables -I " + rule
                : "iptables -D " + rule + " 2>/dev/null || true";
        return new Step(script, (open ? "Sandboxes may connect to port " : "Closed port ") + port + " of this host (iptables "
                + (open ? "-I " : "-D ") + rule + ")", "iptables " + (open ? "-I " : "-D ") + rule);
    }

    private Step protect(String networkId) {
        String rule = rule(bridgeOf(networkId));
        String script = "set -e; for t in iptables ip6tables; do "
                + "$t -C " + rule + " 2>/dev/null || $t -I " + rule + " || [ $t = ip6tables ]; done";
        return new Step(script, "Sandboxes cannot open connections to this host (iptables -I " + rule + ")", "iptables -I " + rule);
    }

    /** What sandboxes may reach beyond the host (see {@link EgressRules}): set whether or not the host is blocked. */
    private Step limitEgress(String networkId) {
        String bridge = bridgeOf(networkId);
        return new Step(egress.script(bridge), egress.describe() + " (iptables " + EgressRules.jump(bridge) + ")",
                "the rules of dockerlab.sandbox.egress (docs/security.md), then iptables -I " + EgressRules.jump(bridge));
    }

    /** Runs the steps in order in one script, each in its own shell. */
    private void runIptables(List<Step> steps) {
        String script = String.join(" && ", steps.stream().map(s -> "(" + s.script() + ")").toList());
        try {
            iptables.run(script);
            steps.forEach(s -> LOG.info(s.done()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not change the host's firewall for the sandboxes (%s). On the engine's host, as root,"
                    + " run: %s", Engine.rootMessage(e), String.join("; ", steps.stream().map(Step::command).toList()));
        }
    }

    /** One short-lived container of the sandbox image on the host's network, with only what iptables needs. */
    private static void runInContainer(Engine engine, SandboxConfig config, String script) {
        var ran = OneShot.run(engine, config.image(), "firewall", config.instance(), HostConfig.newHostConfig()
                .withNetworkMode("host")
                .withCapDrop(Capability.ALL)
                .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                .withSecurityOpts(List.of("no-new-privileges:true")),
                Duration.ofSeconds(30), List.of("/bin/sh", "-c", script), List.of());
        if (ran.status() != 0) {
            throw new IllegalStateException("iptables exited with " + ran.status() + ": " + ran.output());
        }
    }
}
