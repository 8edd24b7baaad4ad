package dev.dockerlab.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;

/**
 * How each {@link SandboxProfile} becomes a container: image, environment, labels and host
 * settings; and, for {@link SandboxProfile#DOCKER}, the inner engine's storage ({@link EngineStorage}),
 * which lives and dies with the sandbox. {@link SandboxService} asks; docs/security.md
 * explains every setting of the Docker profile.
 */
@ApplicationScoped
public class SandboxProfiles {

    private static final Logger LOG = Logger.getLogger(SandboxProfiles.class);

    /** Label on Docker-enabled sandboxes and their storage volumes; plain sandboxes carry none. */
    public static final String PROFILE_LABEL = "dockerlab.profile";
    public static final String ROLE_ENGINE_STORAGE = "engine-storage";
    /**
     * On a Docker-enabled sandbox: the name its storage volume was made under ({@code <name>-docker}).
     * A claimed pool sandbox has its learner's name, and its storage keeps the pool name (a volume
     * cannot be renamed), so its storage is found by this label.
     */
    static final String STORAGE_LABEL = "dockerlab.storage";
    /** Where the inner engine keeps images and containers (the image makes it uid 1000's). */
    static final String ENGINE_STORAGE = "/var/lib/dockerlab";
    static final String RUNTIME_DIR = "/run/user/" + Hardening.UID;
    static final String SECCOMP_RESOURCE = "/sandbox/docker-seccomp.json";
    /** Starts, stops and checks the learner's own engine (deploy/sandbox-docker/dockerlab-engine). */
    private static final String ENGINE_COMMAND = "/usr/local/bin/dockerlab-engine";
    /** Longer than the script's own wait for its engine (60 s): it gives up first and says why in its log. */
    private static final Duration ENGINE_START_WAIT = Duration.ofMinutes(2);

    private final SandboxConfig config;
    private final DockerProfileConfig docker;
    private final Engine engine;
    private final SandboxExec exec;
    private final EngineStorage storage;
    private final LessonImageStore lessonImages;
    private final String seccomp;
    private volatile String registryAddress;
    private volatile int gatePort;

    public SandboxProfiles(SandboxConfig config, DockerProfileConfig docker, Engine engine, SandboxExec exec,
            EngineStorage storage, LessonImageStore lessonImages) {
        this.config = config;
        this.docker = docker;
        this.engine = engine;
        this.exec = exec;
        this.storage = storage;
        this.lessonImages = lessonImages;
        this.seccomp = readSeccompProfile();
    }

    /** The operator's default ({@code dockerlab.sandbox.profile}). */
    public SandboxProfile defaultProfile() {
        return config.profile();
    }

    /** The image sandboxes of this profile start from. */
    public String imageOf(SandboxProfile profile) {
        return profile.hasEngine() ? docker.image() : config.image();
    }

    public DockerProfileConfig docker() {
        return docker;
    }

    /** The profile a container was made with, from its labels. */
    static SandboxProfile of(Map<String, String> labels) {
        return SandboxProfile.parse(labels == null ? null : labels.get(PROFILE_LABEL)).orElse(SandboxProfile.PLAIN);
    }

    /** What to create: the plain profile is exactly the core loop's hardened sandbox. */
    ContainerSpec spec(SandboxProfile profile, String hash, String name, Map<String, String> labels) {
        // what a terminal needs too: the shell starts with the container (see SandboxContainers.COMMAND)
        List<String> env = new ArrayList<>(List.of("HOME=" + Hardening.HOME, "USER=" + Hardening.LOGIN, "LANG=C.UTF-8",
                "TERM=xterm-256color", "COLORTERM=truecolor"));
        if (profile == SandboxProfile.PLAIN) {
            return new ContainerSpec(imageOf(profile), env, labels, Hardening.hostConfig(config));
        }
        Map<String, String> dockerLabels = new HashMap<>(labels);
        dockerLabels.put(PROFILE_LABEL, profile.label());
        dockerLabels.put(STORAGE_LABEL, name);
        env.add("DOCKERLAB_REGISTRY=" + registryAddress());
        if (!WarmPool.LEARNER_LABEL.equals(hash)) {
            // the name under which this learner may push; a pool sandbox learns it when claimed (learnerEnv)
            env.addAll(learnerEnv(hash));
        }
        env.add("XDG_RUNTIME_DIR=" + RUNTIME_DIR);
        env.add("DOCKER_HOST=unix://" + RUNTIME_DIR + "/docker.sock");
        return new ContainerSpec(imageOf(profile), env, dockerLabels, dockerHostConfig(EngineStorage.volumeName(name)));
    }

    /**
     * The plain settings, then what a rootless engine needs and nothing more. Each line is in
     * docs/security.md with the reason.
     */
    private HostConfig dockerHostConfig(String volume) {
        long memory = docker.memory().asLongValue();
        HostConfig host = Hardening.hostConfig(config, new UnmaskedHostConfig());
        Map<String, String> tmpfs = new HashMap<>(host.getTmpFs());
        tmpfs.put(RUNTIME_DIR, "rw,exec,nosuid,nodev,size=" + Hardening.tmpfsSize(docker.runtimeDirSize())
                + ",uid=" + Hardening.UID + ",gid=" + Hardening.UID + ",mode=0700");
        host.withCapDrop(Capability.ALL)
                // newuidmap/newgidmap write the id maps of the engine's user namespace (file
                // capabilities); the inner runtime chroots while it builds a container's root
                .withCapAdd(Capability.SETUID, Capability.SETGID, Capability.SYS_CHROOT)
                // no no-new-privileges: it would void exactly those two file capabilities
                .withSecurityOpts(List.of("seccomp=" + seccomp))
                .withDevices(List.of(new Device("rwm", "/dev/net/tun", "/dev/net/tun")))
                // inner containers may publish ports below 1024 on the sandbox's own address
                .withSysctls(Map.of("net.ipv4.ip_unprivileged_port_start", "0"))
                .withTmpFs(tmpfs)
                .withMounts(mounts(volume))
                .withMemory(memory)
                .withMemorySwap(memory)
                .withPidsLimit(docker.pidsLimit());
        return host;
    }

    /** The engine's own storage, and the lesson images' store read-only when there is one. */
    private List<Mount> mounts(String volume) {
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(ENGINE_STORAGE));
        lessonImages.mount().ifPresent(mounts::add);
        return mounts;
    }

    /**
     * What of a Docker-enabled sandbox's environment names its learner: the name under which they
     * may push, {@code <registry>/<learner hash>/<image>}. A pool sandbox is made without it and
     * gets it when claimed ({@link LearnerEnv}).
     */
    List<String> learnerEnv(String hash) {
        return List.of("DOCKERLAB_PUSH_PREFIX=" + registryAddress() + "/" + hash);
    }

    /** The name a Docker-enabled sandbox's storage was made under (its label), else its own name. */
    static String storageOf(Map<String, String> labels, String name) {
        String storage = labels == null ? null : labels.get(STORAGE_LABEL);
        return storage == null || storage.isBlank() ? name : storage;
    }

    /** Before a Docker-enabled sandbox is created: its storage (see {@link EngineStorage}). */
    void prepare(SandboxProfile profile, String name, Map<String, String> labels) {
        if (profile.hasEngine()) {
            storage.prepare(name, labels);
        }
    }

    /** The sandbox {@code name} exists now, or its creation failed. */
    void settled(String name) {
        storage.settled(name);
    }

    /** After a sandbox was removed: its storage goes too (the engine's images and containers). */
    void removeStorage(String sandboxName) {
        storage.remove(sandboxName);
    }

    /** Storage of this instance whose sandbox no longer exists (a crash between the two removals). */
    void sweepStorage(Set<String> liveSandboxNames) {
        storage.sweep(liveSandboxNames);
    }

    /** False when a stopped sandbox must not start again: its storage is not its own any more (see {@link EngineStorage#intact}). */
    boolean storageIntact(Map<String, String> labels, String sandboxName) {
        return !of(labels).hasEngine() || storage.intact(sandboxName);
    }

    /** Starts the learner's engine without waiting for the first docker command (a Docker lesson opened). */
    void startEngine(Sandbox sandbox) {
        try {
            exec.run(sandbox, LearnerCommand.of(ENGINE_COMMAND, "ensure").withOutputCap(0).withTimeout(ENGINE_START_WAIT));
        } catch (RuntimeException e) {
            LOG.debugf("starting the inner engine of %s: %s", sandbox.name(), e.getMessage());
        }
    }

    /**
     * A Docker-enabled pool sandbox's engine, started and waited for before any learner gets it:
     * true once it answers. Its answer is read (one word), because an exec that attaches no output
     * returns before it ends. Nothing the learner would see is left behind: no container, no image.
     */
    boolean warmEngine(Sandbox sandbox) {
        try {
            var warmed = exec.run(sandbox, LearnerCommand.of("/bin/sh", "-c", ENGINE_COMMAND + " ensure >/dev/null 2>&1"
                    + " && /usr/bin/docker version --format '{{.Server.Version}}' 2>/dev/null")
                    .withOutputCap(256).withTimeout(ENGINE_START_WAIT));
            return Long.valueOf(0).equals(warmed.exitCode()) && !warmed.output().isBlank();
        } catch (RuntimeException e) {
            LOG.debugf("warming the inner engine of %s: %s", sandbox.name(), e.getMessage());
            return false;
        }
    }

    /**
     * A claimed Docker-enabled pool sandbox's shell, started now as a new sandbox starts its own
     * with the container, with the learner's environment ({@link LearnerEnv}) already set. Waited
     * for (its output read); if it fails, the first terminal's attach starts the shell instead.
     */
    void startShell(Sandbox sandbox) {
        try {
            exec.run(sandbox, LearnerCommand.of("/bin/sh", "-c", ShellAttach.SHELL_KEEPER + " start >/dev/null 2>&1; echo $?")
                    .withOutputCap(16).withTimeout(Duration.ofSeconds(20)));
        } catch (RuntimeException e) {
            LOG.debugf("starting the shell of %s: %s", sandbox.name(), e.getMessage());
        }
    }

    /**
     * host:port the inner engines use as mirror: by default this server at the sandbox network's
     * gateway (it forwards to the registries, see {@code registry.RegistryGate}).
     */
    public String registryAddress() {
        String known = registryAddress;
        if (known != null) {
            return known;
        }
        String address = docker.registryAddress().orElseGet(() -> gateway() + ":" + gatePort);
        registryAddress = address;
        return address;
    }

    /** Set once the registry gate listens (its port may have been picked at random). */
    public void gateListening(int port) {
        this.gatePort = port;
        this.registryAddress = null;
    }

    /** The IPv4 gateway of the sandbox network: the host as sandboxes see it. */
    public String gateway() {
        var network = engine.client().inspectNetworkCmd().withNetworkId(config.network()).exec();
        return network.getIpam().getConfig().stream()
                .map(c -> c.getGateway())
                .filter(g -> g != null && !g.contains(":"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The network " + config.network()
                        + " has no IPv4 gateway: set dockerlab.docker.registry-address."));
    }

    private static String readSeccompProfile() {
        return resource(SECCOMP_RESOURCE);
    }

    /** A text file the server carries on its classpath (the seccomp profile, the storage script; the bench reads it too). */
    public static String resource(String path) {
        try (InputStream in = SandboxProfiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the server's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link SandboxService} creates. */
    record ContainerSpec(String image, List<String> env, Map<String, String> labels, HostConfig hostConfig) {
    }

    /**
     * The API's {@code MaskedPaths} and {@code ReadonlyPaths} (the CLI's
     * {@code --security-opt systempaths=unconfined}), which docker-java's HostConfig lacks. Empty
     * lists, not absent ones: the inner runtime must mount a fresh /proc, which the kernel refuses
     * while parts of the sandbox's /proc are covered. The learner is uid 1000, so the uncovered
     * files (owned by root) stay unwritable. Public for the bench's bare engine (bench/src/BareEngine.java).
     */
    public static final class UnmaskedHostConfig extends HostConfig {
        private static final long serialVersionUID = 1L;

        @JsonProperty("MaskedPaths")
        public List<String> maskedPaths() {
            return List.of();
        }

        @JsonProperty("ReadonlyPaths")
        public List<String> readonlyPaths() {
            return List.of();
        }
    }
}
