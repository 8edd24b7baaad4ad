package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Sandboxes with the learner's own Docker engine (profile {@code docker}). Keys are
 * {@code dockerlab.docker.*}; which profile a sandbox gets is {@code dockerlab.sandbox.profile}
 * and the lesson's front matter.
 */
@ConfigMapping(prefix = "dockerlab.docker")
public interface DockerProfileConfig {

    /** The image of Docker-enabled sandboxes; {@code deploy/setup.sh} builds it. */
    @WithDefault("dockerlab/sandbox-docker:latest")
    String image();

    /**
     * The most nodes a learner gets for a lesson with {@code nodes: N} (docs/swarm.md): a lesson asking
     * for more gets this many. Every node is a Docker-enabled sandbox and counts against max-sandboxes.
     */
    @WithDefault("3")
    int maxNodes();

    /** Memory limit of the whole sandbox: the shell, the inner engine (about 150 MB) and its containers. */
    @WithDefault("1g")
    MemorySize memory();

    /** Most processes in the whole sandbox, inner containers included. */
    @WithDefault("1024")
    long pidsLimit();

    /** Size of the tmpfs at /run/user/1000: the inner engine's sockets and state. */
    @WithDefault("64m")
    MemorySize runtimeDirSize();

    /**
     * The most the learner's own engine may store (images, containers, volumes, build cache): the
     * size of the sandbox's own file system, so the kernel answers "no space left on device" when
     * it is full. 0: no cap (a plain volume on the engine's disk). See docs/operations.md.
     */
    @WithDefault("2g")
    MemorySize storageSize();

    /**
     * Where those file systems live, one sparse file each, on the engine's host: a directory per
     * instance below it. Give it a disk of its own or room for max-sandboxes x storage-size.
     */
    @WithDefault("/var/lib/dockerlab/storage")
    String storageDir();

    /**
     * The registry address (host:port) the inner engines use as their mirror and push to. Unset:
     * this server itself, at the gateway address of the sandbox network, which forwards to the
     * registries below.
     */
    Optional<String> registryAddress();

    /**
     * Port of the registry gate: a listener of this server on the sandbox network's gateway
     * address, the only port of the host sandboxes may connect to. 0 picks a free one.
     */
    @WithDefault("5050")
    int gatePort();

    /**
     * Most connections one sandbox may hold open to the registry gate at once; further ones are
     * closed as they arrive. A pull or push uses a handful.
     */
    @WithDefault("32")
    int gateMaxConnectionsPerSandbox();

    /** Most connections to the registry gate from all sandboxes together; keep it well below the server's open-file limit. */
    @WithDefault("512")
    int gateMaxConnectionsTotal();

    /** A connection to the registry gate that carries nothing for this long is closed. */
    @WithDefault("60s")
    Duration gateIdleTimeout();

    /**
     * The most one learner may push into their own space of the push registry (counted by this
     * server since it started); an upload beyond it is refused with a registry error.
     */
    @WithDefault("500m")
    MemorySize pushQuota();

    /** The registry holding the lesson images (deploy/setup.sh runs it); only this server talks to it. */
    @WithDefault("http://127.0.0.1:5000")
    String mirrorUrl();

    /** The registry learners push to, each under their own name; only this server talks to it. */
    @WithDefault("http://127.0.0.1:5001")
    String pushUrl();

    /**
     * Docker-enabled sandboxes the warm pool keeps ready, their inner engine started and answering
     * (beside {@code dockerlab.sandbox.pool-size} plain ones). Each holds an idle engine's memory
     * (docs/performance.md); 0: none.
     */
    @WithDefault("0")
    int poolSize();

    /**
     * Mount the lesson images' store (deploy/setup.sh fills it) read-only into every Docker-enabled
     * sandbox, so its engine starts with the lesson images' layers and a first pull fetches only
     * the manifest. false: every engine pulls every layer of its own (about 100 MB for nginx and
     * hello-world). See docs/architecture.md.
     */
    @WithDefault("true")
    boolean shareLessonImages();

    /** Start the inner engine when a lesson that needs Docker opens, not only on the first docker command. */
    @WithDefault("true")
    boolean startOnOpen();
}
