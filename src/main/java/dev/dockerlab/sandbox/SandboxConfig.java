package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
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
    MemorySize memory();

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
    OciRuntime runtime();

    /** The OCI runtimes a sandbox may run under; the server refuses to start when the engine lacks the chosen one. */
    enum OciRuntime {
        /** The engine's default runtime. */
        RUNC,
        /** gVisor: a user-space kernel between the learner and the host's ({@code deploy/setup.sh --with-gvisor}). */
        RUNSC;

        /** The name the engine knows the runtime by. */
        public String engineName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The profile of a sandbox when its lesson asks for nothing more: {@code plain} (the hardened
     * shell) or {@code docker} (with the learner's own Docker engine, see docs/security.md).
     */
    @WithDefault("plain")
    SandboxProfile profile();

    /** Warm, unassigned sandboxes kept ready; 0 turns the pool off. */
    @WithDefault("0")
    int poolSize();

    /** Size of the learner's home directory (a tmpfs: it counts against the memory limit). */
    @WithDefault("256m")
    MemorySize homeSize();

    /** Size of /tmp in the sandbox. */
    @WithDefault("64m")
    MemorySize tmpSize();

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
     * What a sandbox may connect to beyond the host: {@code internet} (public addresses only; no
     * link-local such as the cloud metadata address 169.254.169.254, no private, shared or
     * loopback ranges, none of the host's own networks) or {@code none}. See docs/security.md.
     */
    @WithDefault("internet")
    Egress egress();

    /** Exceptions to {@link #egress()}, IPv4 addresses or CIDRs (e.g. a LAN mirror {@code 10.0.5.20/32}). */
    Optional<List<String>> egressAllow();

    /** What sandboxes may reach beyond the host. */
    enum Egress {
        /** Public addresses; nothing private, link-local or of the host's own networks. */
        INTERNET,
        /** Nothing (the registry gate on the host still answers Docker-enabled sandboxes). */
        NONE
    }

    /**
     * The most the facts API ({@code /api/sandbox/facts}) reads of one answer from a sandbox (the
     * learner's own Docker engine may answer anything); the rest is not read.
     */
    @WithDefault("256k")
    MemorySize factsMaxBytes();

    /** How long one facts call may wait for the sandbox; then it answers with what it has. */
    @WithDefault("10s")
    Duration factsTimeout();

    /** Facts calls one learner may have running at once; more are answered 429. */
    @WithDefault("2")
    int factsPerLearner();

    /** Facts calls running at once for all learners together; more are answered 429. */
    @WithDefault("8")
    int factsConcurrency();

    /**
     * How often an open "under the hood" panel reads its section of the sandbox (the limits come
     * from the engine's own stream, about once a second, never more often than this).
     */
    @WithDefault("1s")
    Duration panelInterval();

    /** Panels one learner may have open at once (each tab's panel is one); more are answered 429. */
    @WithDefault("3")
    int panelFeedsPerLearner();

    /** Panels open at once for all learners together; more are answered 429. */
    @WithDefault("200")
    int panelFeeds();

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

    /** Resets one learner may ask for per minute ({@code POST /api/sandbox/reset}); more are answered 429. 0: no limit. */
    @WithDefault("6")
    int resetsPerMinute();
}
