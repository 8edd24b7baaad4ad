package dev.dockerlab.sandbox;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * The host-side settings of a plain sandbox. Each line closes a door; docs/architecture.md lists
 * them with the reason, and the tests read every one back with {@code docker inspect}. Public for
 * bench/, whose baseline sandboxes are hardened the same way.
 */
public final class Hardening {

    /** The learner's uid and gid, in the sandbox image too (deploy/sandbox/Dockerfile). */
    static final int UID = 1000;
    /** Who runs the shell and every command the server runs in a sandbox: never root. */
    public static final String USER = UID + ":" + UID;
    static final String HOME = "/home/learner";
    /** The learner's login name, as the image's /etc/passwd has it. */
    static final String LOGIN = "learner";
    static final String HOSTNAME = "sandbox";

    private Hardening() {
    }

    public static HostConfig hostConfig(SandboxConfig config) {
        return hostConfig(config, HostConfig.newHostConfig());
    }

    /** The plain settings written into {@code host}; the Docker profile starts from them ({@link SandboxProfiles}). */
    static HostConfig hostConfig(SandboxConfig config, HostConfig host) {
        long memory = config.memory().asLongValue();
        host
                // The learner is uid 1000 and never root: a non-root shell holds no capabilities,
                // so none are added back, and the empty bounding set means no binary can grant one.
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withPrivileged(false)
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs(Math.round(config.cpus() * 1_000_000_000L))
                .withPidsLimit(config.pidsLimit())
                .withInit(true)
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m", "max-file", "1")))
                // Nothing the learner writes reaches the host's disk: the image is read-only and the
                // writable places are size-capped tmpfs, which also count against the memory limit.
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of(
                        HOME, "rw,exec,nosuid,nodev,size=" + tmpfsSize(config.homeSize()) + ",uid=" + UID + ",gid=" + UID + ",mode=0755",
                        "/tmp", "rw,exec,nosuid,nodev,size=" + tmpfsSize(config.tmpSize()) + ",mode=1777",
                        "/run", "rw,noexec,nosuid,nodev,size=16m,mode=0755"))
                .withNetworkMode(config.network())
                .withRestartPolicy(RestartPolicy.noRestart())
                .withAutoRemove(false);
        if (config.runtime() != SandboxConfig.OciRuntime.RUNC) {
            host.withRuntime(config.runtime().engineName());
        }
        return host;
    }

    /** A tmpfs {@code size=} option as an operator would write it ({@code 256m}), so {@code docker inspect} reads back the setting. */
    static String tmpfsSize(MemorySize size) {
        long bytes = size.asLongValue();
        int shift = 0;
        while (shift < 30 && bytes != 0 && bytes % (1L << (shift + 10)) == 0) {
            shift += 10;
        }
        return shift == 0 ? Long.toString(bytes) : (bytes >> shift) + "kmg".substring(shift / 10 - 1, shift / 10);
    }
}
