import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;

import dev.dockerlab.sandbox.Hardening;
import dev.dockerlab.sandbox.Labels;
import dev.dockerlab.sandbox.SandboxProfiles;

/**
 * The Docker figures' baseline: rootless Docker started the same way in a bare container, without
 * dockerlab. The Docker-enabled image with the Docker profile's settings (SandboxProfiles'
 * {@code dockerHostConfig}: the capabilities, seccomp profile, unmasked system paths, tun device
 * and runtime tmpfs it names), a fresh plain volume for the engine's storage, and, so that its
 * engine pulls from dockerlab's lesson-image registry without the server, the registry
 * container's network with the registry's bridge address as its mirror (the inner engine cannot
 * reach 127.0.0.1: rootlesskit disables host loopback).
 *
 * <p>One difference from a sandbox, on purpose: its rootlesskit publishes no swarm ports. Bare
 * engines share the registry's network namespace, where only the first could bind them; a
 * sandbox has a namespace of its own and publishes them (docs/swarm.md), at no cost worth a figure.
 */
final class BareEngine implements AutoCloseable {

    static final String IMAGE = System.getProperty("bench.docker-image", "dockerlab/sandbox-docker:latest");
    /** deploy/registry: the lesson images, as the server's registry gate reaches them. */
    private static final String REGISTRY = "dockerlab-registry";
    private static final String STORAGE = "/var/lib/dockerlab";
    private static final String RUNTIME_DIR = "/run/user/1000";
    private static final String SECCOMP = SandboxProfiles.resource("/sandbox/docker-seccomp.json");
    /** Engine started and hello-world run: one exec, as the learner's first command does both. */
    static final String HELLO = "dockerlab-engine start >/dev/null 2>&1 && docker run --rm hello-world >/dev/null";
    static final String NGINX = "docker run -d nginx >/dev/null";
    /** Bytes used on the learner's own engine file system, as the learner's df reads it. */
    static final String STORAGE_USED = "df -B1 --output=used " + STORAGE + " | tail -1";

    private static volatile String registryAddress;

    private final String id;
    private final String volume;

    private BareEngine(String id, String volume) {
        this.id = id;
        this.volume = volume;
    }

    /** What an exec printed (stdout and stderr) and its exit code; -1 when it did not end in time. */
    record Exec(long exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    /** A fresh volume and a started container; its engine is not started yet. */
    static BareEngine start() {
        String name = Labels.NAME_PREFIX + Bench.RUN + "-bare-" + System.nanoTime();
        Map<String, String> labels = Map.of(Labels.MANAGED, "true", Labels.INSTANCE, Bench.RUN, Labels.LEARNER, "bench");
        Sandboxes.DOCKER.createVolumeCmd().withName(name).withLabels(labels).exec();
        String id;
        try {
            id = Sandboxes.DOCKER.createContainerCmd(IMAGE).withName(name).withLabels(labels)
                    .withUser(Hardening.USER).withCmd("sleep", "infinity")
                    .withEnv(List.of("XDG_RUNTIME_DIR=" + RUNTIME_DIR, "DOCKER_HOST=unix://" + RUNTIME_DIR + "/docker.sock",
                            "HOME=/home/learner", "DOCKERLAB_REGISTRY=" + registryAddress(),
                            // not empty: empty means dockerlab-engine's default, the swarm ports (see above)
                            "DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--debug=false"))
                    .withHostConfig(new SandboxProfiles.UnmaskedHostConfig()
                            .withCapDrop(Capability.ALL)
                            .withCapAdd(Capability.SETUID, Capability.SETGID, Capability.SYS_CHROOT)
                            .withSecurityOpts(List.of("seccomp=" + SECCOMP))
                            .withDevices(List.of(new Device("rwm", "/dev/net/tun", "/dev/net/tun")))
                            .withTmpFs(Map.of(RUNTIME_DIR, "rw,exec,nosuid,nodev,size=64m,uid=1000,gid=1000,mode=0700"))
                            .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(name).withTarget(STORAGE)))
                            .withNetworkMode("container:" + REGISTRY))
                    .exec().getId();
        } catch (RuntimeException e) {
            Sandboxes.DOCKER.removeVolumeCmd(name).exec();
            throw e;
        }
        BareEngine bare = new BareEngine(id, name);
        try {
            Sandboxes.DOCKER.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            bare.close();
            throw e;
        }
        return bare;
    }

    /** A login shell's command, as the learner, to its end. */
    Exec run(String script, Duration timeout) throws InterruptedException {
        return exec(id, script, timeout);
    }

    /**
     * Bytes its engine stores, by {@code du} of its volume in a one-shot root container (the
     * inner engine's files belong to its user namespace's ids, which neither the learner nor the
     * sandbox's capability-less root may read). A plain volume's own {@code df} would answer the
     * host's disk; {@code du} counts blocks as df does on a sandbox's own file system.
     */
    long storageUsed() throws InterruptedException {
        String helper = Sandboxes.DOCKER.createContainerCmd(IMAGE)
                .withName(volume + "-du")
                .withLabels(Map.of(Labels.MANAGED, "true", Labels.INSTANCE, Bench.RUN, Labels.LEARNER, "bench"))
                .withUser("0:0").withCmd("du", "-sxB1", "/v")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withMounts(List.of(
                        new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/v").withReadOnly(true))))
                .exec().getId();
        try {
            Sandboxes.DOCKER.startContainerCmd(helper).exec();
            Sandboxes.DOCKER.waitContainerCmd(helper).start().awaitStatusCode(2, TimeUnit.MINUTES);
            StringBuilder out = new StringBuilder();
            Sandboxes.DOCKER.logContainerCmd(helper).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            return Long.parseLong(out.toString().trim().split("\\s+")[0]);
        } finally {
            Sandboxes.DOCKER.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    /** The container, then its volume (the engine's images and containers). */
    @Override
    public void close() {
        try {
            Sandboxes.DOCKER.removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException e) {
            // gone already
        }
        try {
            Sandboxes.DOCKER.removeVolumeCmd(volume).exec();
        } catch (RuntimeException e) {
            // gone already
        }
    }

    /**
     * {@code sh -lc script} in a container as the learner, to its end, its output read (an exec
     * that attaches no output returns before it ends): how the bench runs a command in a sandbox
     * or a bare container without a terminal.
     */
    static Exec exec(String container, String script, Duration timeout) throws InterruptedException {
        String exec = Sandboxes.DOCKER.execCreateCmd(container).withUser(Hardening.USER)
                .withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-lc", script).exec().getId();
        StringBuffer out = new StringBuffer();
        var callback = Sandboxes.STREAMS.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        });
        if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                callback.close();
            } catch (IOException e) {
                // the stream is given up either way
            }
            return new Exec(-1, out + "(no end within " + timeout + ")");
        }
        // the stream ends as the process does; the engine may note its exit a moment later
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        var inspected = Sandboxes.DOCKER.inspectExecCmd(exec).exec();
        while (Boolean.TRUE.equals(inspected.isRunning()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
            inspected = Sandboxes.DOCKER.inspectExecCmd(exec).exec();
        }
        Long code = inspected.getExitCodeLong();
        return new Exec(code == null ? -1 : code, out.toString());
    }

    /** Bytes used on a sandbox's own engine file system (an ext4 on a loop device), by the learner's df. */
    static long sandboxStorageUsed(String container) throws InterruptedException {
        Exec df = exec(container, STORAGE_USED, Duration.ofSeconds(30));
        if (!df.ok()) {
            throw new IllegalStateException("df in " + container + " failed: " + df.output());
        }
        return Long.parseLong(df.output().trim());
    }

    /** Every volume this run's bare engines left (their containers go with {@link Sandboxes#removeLeftovers}). */
    static void removeLeftovers() {
        var volumes = Sandboxes.DOCKER.listVolumesCmd()
                .withFilter("label", List.of(Labels.MANAGED + "=true", Labels.INSTANCE + "=" + Bench.RUN)).exec().getVolumes();
        for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            try {
                Sandboxes.DOCKER.removeVolumeCmd(v.getName()).exec();
            } catch (RuntimeException e) {
                // in use by a container not removed yet, or gone
            }
        }
    }

    /** The registry's address on the default bridge, where the inner engines find it. */
    private static String registryAddress() {
        String known = registryAddress;
        if (known == null) {
            var networks = Sandboxes.DOCKER.inspectContainerCmd(REGISTRY).exec().getNetworkSettings().getNetworks();
            var bridge = networks == null ? null : networks.get("bridge");
            if (bridge == null || bridge.getIpAddress() == null || bridge.getIpAddress().isEmpty()) {
                throw new IllegalStateException(REGISTRY + " is not on the default bridge: run deploy/setup.sh");
            }
            known = bridge.getIpAddress() + ":5000";
            registryAddress = known;
        }
        return known;
    }
}
