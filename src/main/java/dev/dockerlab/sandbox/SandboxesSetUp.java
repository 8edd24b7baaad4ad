package dev.dockerlab.sandbox;

/**
 * The sandboxes' set-up is done, the last part of the server's start (the network, its firewall,
 * the registry gate, adoption): fired (synchronously, on the set-up's thread) once, at most a
 * second or so after ready. Work that can wait for the start to be over starts after it, so it
 * takes no CPU from the first readiness answer nor from the set-up.
 */
public record SandboxesSetUp() {
}
