package dev.dockerlab.sandbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How sandboxes are made and how long they live. Keys are {@code dockerlab.sandbox.*}. */
@ConfigMapping(prefix = "dockerlab.sandbox")
public interface SandboxConfig {

    /** The image every sandbox starts from; {@code deploy/setup.sh} builds it. */
    @WithDefault("dockerlab/sandbox:latest")
    String image();

    /** Memory limit, bytes or with a unit ({@code 512m}, {@code 1g}); swap is not allowed on top. */
    @WithDefault("512m")
    String memory();

    /** CPU quota in cores, e.g. {@code 0.5}. */
    @WithDefault("1.0")
    double cpus();

    /** Most processes a sandbox may hold at once: a fork bomb stops here. */
    @WithDefault("256")
    long pidsLimit();

    /** A sandbox nobody has typed into or connected to for this long is removed. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** No sandbox lives longer than this, busy or not. */
    @WithDefault("4h")
    Duration maxLifetime();

    /** Beyond this many live sandboxes new learners get a clear "at capacity" answer. */
    @WithDefault("50")
    int maxSandboxes();

    /** OCI runtime: {@code runc}, or {@code runsc} for gVisor where the engine has it. */
    @WithDefault("runc")
    String runtime();

    /** Warm, unassigned sandboxes kept ready; 0 turns the pool off. */
    @WithDefault("0")
    int poolSize();

    /** Size of the learner's home directory (a tmpfs: it counts against the memory limit). */
    @WithDefault("256m")
    String homeSize();

    /** Size of /tmp in the sandbox. */
    @WithDefault("64m")
    String tmpSize();

    /** The bridge network all sandboxes join; containers on it cannot talk to each other. */
    @WithDefault("dockerlab-sandboxes")
    String network();

    /**
     * Stop sandboxes from opening connections to the host (this server's port, a TCP engine API):
     * an iptables rule on the sandbox bridge, set at start.
     */
    @WithDefault("true")
    boolean blockHost();

    /**
     * Which server owns these sandboxes: two servers (say staging and production, or a test run)
     * sharing one engine each adopt and reap only their own.
     */
    @WithDefault("default")
    String instance();

    /**
     * Remove this instance's sandboxes when the server stops. Off by default: sandboxes outlive a
     * restart, so learners keep their shells. Tests and throwaway classrooms turn it on.
     */
    @WithDefault("false")
    boolean removeOnShutdown();

    /** How often expired sandboxes are looked for. */
    @WithDefault("30s")
    Duration reapInterval();
}
