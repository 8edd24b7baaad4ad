package dev.dockerlab.sandbox;

import java.util.Optional;

/**
 * The sandbox network exists and its firewall is in place: fired (synchronously) once at start,
 * so whatever serves the sandboxes on the host (the registry gate) starts after it without
 * relying on the order of startup observers.
 *
 * @param hostAddress the host as sandboxes reach it (the network's IPv4 gateway); empty when the
 *        network has none
 */
public record SandboxNetworkReady(Optional<String> hostAddress) {
}
