package dev.dockerlab.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.dockerjava.api.exception.NotFoundException;

/**
 * Where each sandbox is on the sandbox network, and whose sandbox an address is. The preview
 * proxies to the requesting learner's address only; the registry gate knows a learner by the
 * address a request comes from (sandboxes cannot forge it: they hold no NET_RAW or NET_ADMIN in
 * that network namespace).
 */
@ApplicationScoped
public class SandboxAddresses {

    private final Engine engine;
    private final SandboxService sandboxes;
    /** container id -> IPv4 address on the sandbox network; a container's address never changes. */
    private final Map<String, String> byContainer = new ConcurrentHashMap<>();

    public SandboxAddresses(Engine engine, SandboxService sandboxes) {
        this.engine = engine;
        this.sandboxes = sandboxes;
    }

    /** May block on the engine the first time for a sandbox. */
    public Optional<String> addressOf(Sandbox sandbox) {
        String known = byContainer.get(sandbox.containerId());
        if (known != null) {
            return Optional.of(known);
        }
        try {
            var networks = engine.client().inspectContainerCmd(sandbox.containerId()).exec().getNetworkSettings().getNetworks();
            var settings = networks == null ? null : networks.get(sandboxes.config().network());
            if (settings == null || settings.getIpAddress() == null || settings.getIpAddress().isEmpty()) {
                return Optional.empty();
            }
            byContainer.put(sandbox.containerId(), settings.getIpAddress());
            return Optional.of(settings.getIpAddress());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Without touching the engine: the address if it is already known. */
    public Optional<String> knownAddressOf(Sandbox sandbox) {
        return Optional.ofNullable(byContainer.get(sandbox.containerId()));
    }

    /** The live sandbox at this address. May block on the engine for sandboxes not yet looked at. */
    public Optional<Sandbox> sandboxAt(String address) {
        for (Sandbox s : sandboxes.live()) {
            if (addressOf(s).filter(address::equals).isPresent()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    void forget(@Observes SandboxEnded ended) {
        // addresses are reused by new containers; the map is keyed by container id, so only tidy up
        byContainer.keySet().removeIf(id -> sandboxes.live().stream().noneMatch(s -> s.containerId().equals(id)));
    }
}
