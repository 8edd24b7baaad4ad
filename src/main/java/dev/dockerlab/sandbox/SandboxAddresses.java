package dev.dockerlab.sandbox;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Where each sandbox is on the sandbox network, and whose sandbox an address is. The preview
 * proxies to the requesting learner's address only; the registry gate knows a learner by the
 * address a request comes from (sandboxes cannot forge it: they hold no NET_RAW or NET_ADMIN in
 * that network namespace).
 *
 * <p>Both answers come from the engine at the time of asking, never from a cache: an address is
 * the container's only while it runs. A sandbox that exits (its learner can kill its main
 * process) gives its address back to the network, and Docker hands it to the next container that
 * joins, which may be another learner's sandbox.
 */
@ApplicationScoped
public class SandboxAddresses {

    private final Engine engine;
    private final SandboxService sandboxes;
    private final SandboxConfig config;

    public SandboxAddresses(Engine engine, SandboxService sandboxes, SandboxConfig config) {
        this.engine = engine;
        this.sandboxes = sandboxes;
        this.config = config;
    }

    /** The sandbox's address on the sandbox network while it runs; blocks on the engine. */
    public Optional<String> addressOf(Sandbox sandbox) {
        try {
            var container = engine.call(() -> engine.client().inspectContainerCmd(sandbox.containerId()).exec());
            if (!Boolean.TRUE.equals(container.getState().getRunning())) {
                return Optional.empty();
            }
            var networks = container.getNetworkSettings() == null ? null : container.getNetworkSettings().getNetworks();
            var settings = networks == null ? null : networks.get(config.network());
            if (settings == null || settings.getIpAddress() == null || settings.getIpAddress().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(settings.getIpAddress());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The live sandbox that holds this address on the sandbox network right now; blocks on the
     * engine. The network's own list of endpoints is the truth: an address belongs to the container
     * attached with it, whatever held it before.
     */
    public Optional<Sandbox> sandboxAt(String address) {
        Map<String, com.github.dockerjava.api.model.Network.ContainerNetworkConfig> attached;
        try {
            attached = engine.call(() -> engine.client().inspectNetworkCmd().withNetworkId(config.network())
                    .exec().getContainers());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (attached == null) {
            return Optional.empty();
        }
        String holder = null;
        for (var entry : attached.entrySet()) {
            String ip = entry.getValue().getIpv4Address();
            if (ip != null && ip.replaceFirst("/.*", "").equals(address)) {
                holder = entry.getKey();
            }
        }
        if (holder == null) {
            return Optional.empty();
        }
        for (Sandbox s : sandboxes.live()) {
            if (s.containerId().equals(holder)) {
                return Optional.of(s);
            }
        }
        // another node of a learner's group (docs/swarm.md) acts for that learner: their sandbox
        return sandboxes.ownerOfNode(holder);
    }
}
