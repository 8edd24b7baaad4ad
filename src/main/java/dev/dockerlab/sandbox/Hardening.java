package dev.dockerlab.sandbox;

import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;

/**
 * The host-side settings of a plain sandbox. Each line closes a door; docs/architecture.md lists
 * them with the reason, and the tests read every one back with {@code docker inspect}.
 */
final class Hardening {

    static final String USER = "1000:1000";
    static final String HOME = "/home/learner";
    static final String HOSTNAME = "sandbox";

    private Hardening() {
    }

    static HostConfig hostConfig(SandboxConfig config) {
        return hostConfig(config, HostConfig.newHostConfig());
    }

    /** The plain settings written into {@code host}; the Docker profile starts from them ({@link SandboxProfiles}). */
    static HostConfig hostConfig(SandboxConfig config, HostConfig host) {
        long memory = Sizes.parse(config.memory());
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
                        HOME, "rw,exec,nosuid,nodev,size=" + config.homeSize() + ",uid=1000,gid=1000,mode=0755",
                        "/tmp", "rw,exec,nosuid,nodev,size=" + config.tmpSize() + ",mode=1777",
                        "/run", "rw,noexec,nosuid,nodev,size=16m,mode=0755"))
                .withNetworkMode(config.network())
                .withRestartPolicy(RestartPolicy.noRestart())
                .withAutoRemove(false);
        if (!"runc".equals(config.runtime())) {
            host.withRuntime(config.runtime());
        }
        return host;
    }
}
