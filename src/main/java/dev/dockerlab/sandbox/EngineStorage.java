package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

/**
 * The storage of a Docker-enabled sandbox's own engine (images, containers, volumes, build
 * cache): a volume that lives and dies with the sandbox. Capped ({@code dockerlab.docker.storage-size}),
 * the volume is an ext4 file system of exactly that size in a sparse file on the engine's host,
 * on a loop device the engine mounts when the sandbox starts: when it is full the kernel answers
 * "no space left on device" inside that sandbox and nowhere else. The file systems are made and
 * deleted by a one-shot container ({@code sandbox/engine-storage.sh}); docs/security.md says why
 * this and not a tmpfs or quotas.
 *
 * <p>A file system is deleted only once its volume is gone, and never while its sandbox is being
 * made: a loop device is reused by the next file system, and a volume still naming it would
 * mount another learner's storage.
 */
@ApplicationScoped
class EngineStorage {

    private static final Logger LOG = Logger.getLogger(EngineStorage.class);

    /** The label of the one-shot containers that make and delete the file systems. */
    static final String ROLE_HELPER = "engine-storage-helper";
    private static final String SCRIPT_RESOURCE = "/sandbox/engine-storage.sh";
    /** What may reach the script as a name: sandbox and instance names, nothing a shell or a path would read. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** mkfs of a few GB in a sparse file takes well under a second; an engine under load, much longer. */
    private static final Duration HELPER_WAIT = Duration.ofMinutes(2);
    /**
     * discard: what the learner deletes is given back to the host's disk (the file stays sparse);
     * noinit_itable: no background zeroing of inode tables the learner has not used yet.
     */
    private static final String LOOP_MOUNT_OPTIONS = "discard,noinit_itable";

    private final Engine engine;
    private final SandboxConfig config;
    private final DockerProfileConfig docker;
    private final String script;
    /** Held by a sweep, and by a creation while it says it is under way. */
    private final Object sweepLock = new Object();
    /** Sandboxes being made: their storage exists before their container does. */
    private final Set<String> preparing = ConcurrentHashMap.newKeySet();
    /** Not swept since the start: a crashed server may have left a file system without its volume. */
    private volatile boolean unswept = true;
    /** A release failed or a volume was in use: the next sweep looks. */
    private volatile boolean failed;

    EngineStorage(Engine engine, SandboxConfig config, DockerProfileConfig docker) {
        this.engine = engine;
        this.config = config;
        this.docker = docker;
        this.script = SandboxProfiles.resource(SCRIPT_RESOURCE);
    }

    static String volumeName(String sandboxName) {
        return sandboxName + "-docker";
    }

    /** Before the sandbox is created: its volume (labelled like it), on a fresh file system when capped. */
    void prepare(String name, Map<String, String> labels) {
        synchronized (sweepLock) {
            preparing.add(name);
        }
        Map<String, String> volumeLabels = new HashMap<>(labels);
        volumeLabels.put(Labels.ROLE, SandboxProfiles.ROLE_ENGINE_STORAGE);
        volumeLabels.put(SandboxProfiles.PROFILE_LABEL, SandboxProfile.DOCKER.label());
        long size = docker.storageSize().asLongValue();
        if (size <= 0) {
            try {
                engine.call(() -> engine.client().createVolumeCmd().withName(volumeName(name)).withLabels(volumeLabels).exec());
            } catch (ConflictException e) {
                // left by a sandbox of the same name: it is reused, as the sandbox would be
            }
            return;
        }
        // left by a sandbox of the same name: its file system is replaced by a fresh one
        remove(name);
        String device = attach(name, size);
        try {
            engine.call(() -> engine.client().createVolumeCmd().withName(volumeName(name)).withDriver("local")
                    .withDriverOpts(Map.of("type", "ext4", "device", device, "o", LOOP_MOUNT_OPTIONS))
                    .withLabels(volumeLabels).exec());
        } catch (RuntimeException e) {
            release(List.of(name));
            throw e;
        }
    }

    /** The sandbox exists now (or its creation failed): a sweep may judge its storage again. */
    void settled(String name) {
        preparing.remove(name);
    }

    /** After a sandbox was removed: its volume, then its file system. */
    void remove(String sandboxName) {
        String volume = volumeName(sandboxName);
        Optional<String> device = deviceOf(volume);
        if (removeVolume(volume) && device.isPresent()) {
            release(List.of(sandboxName));
        }
    }

    /**
     * Before a stopped sandbox is started again (a restarted engine, a rebooted host): true when
     * its volume still names the loop device of its own file system. After a reboot no loop
     * device is attached, and the number may since hold another sandbox's file system.
     */
    boolean intact(String sandboxName) {
        Optional<String> device = deviceOf(volumeName(sandboxName));
        if (device.isEmpty()) {
            return true; // uncapped: a plain volume
        }
        try {
            return helper("check", sandboxName, device.get()).status() == 0;
        } catch (RuntimeException e) {
            LOG.debugf("checking the storage of %s: %s", sandboxName, e.getMessage());
            return false;
        }
    }

    /** Volumes of this instance whose sandbox no longer exists, and file systems left without a volume. */
    void sweep(Set<String> liveSandboxNames) {
        synchronized (sweepLock) {
            var volumes = engine.call(() -> engine.client().listVolumesCmd()
                    .withFilter("label", List.of(Labels.MANAGED + "=true", Labels.ROLE + "=" + SandboxProfiles.ROLE_ENGINE_STORAGE,
                            Labels.INSTANCE + "=" + config.instance()))
                    .exec().getVolumes());
            Set<String> kept = new HashSet<>();
            boolean removed = false;
            for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
                String owner = v.getName().endsWith("-docker") ? v.getName().substring(0, v.getName().length() - 7) : "";
                if (liveSandboxNames.contains(owner) || preparing.contains(owner) || !removeVolume(v.getName())) {
                    kept.add(owner);
                } else {
                    removed = true;
                }
            }
            // only where there is something to find: a plain-only server never runs the helper
            boolean worthALook = removed || unswept && !kept.isEmpty() || failed;
            if (worthALook && engine.imageExists(docker.image())) {
                releaseOrphans(kept);
            }
        }
    }

    private void releaseOrphans(Set<String> kept) {
        try {
            var listed = helper("list");
            if (listed.status() != 0) {
                throw new IllegalStateException(listed.output());
            }
            List<String> orphans = new ArrayList<>();
            for (String name : listed.output().split("\\s+")) {
                if (!name.isBlank() && !kept.contains(name) && !preparing.contains(name) && SAFE_NAME.matcher(name).matches()) {
                    orphans.add(name);
                }
            }
            if (!orphans.isEmpty()) {
                LOG.infof("Deleting %d Docker storage file system(s) left without a sandbox", orphans.size());
                release(orphans);
            }
            unswept = false;
            failed = false;
        } catch (RuntimeException e) {
            LOG.debugf("sweeping the sandboxes' storage: %s", e.getMessage());
        }
    }

    private String attach(String name, long size) {
        OneShot.Result made;
        try {
            made = helper("attach", name, Long.toString(size));
        } catch (NotFoundException e) {
            // the helper runs in the Docker-enabled image: without it, that image is what is missing
            if (!engine.imageExists(docker.image())) {
                throw new SandboxException.ImageMissing(docker.image());
            }
            failed = true;
            throw new SandboxException.StorageUnavailable(Engine.rootMessage(e));
        } catch (RuntimeException e) {
            failed = true;
            throw new SandboxException.StorageUnavailable(Engine.rootMessage(e));
        }
        String device = made.output().lines().reduce((a, b) -> b).orElse("").trim();
        if (made.status() != 0 || !device.matches("/dev/loop[0-9]+")) {
            failed = true;
            LOG.warnf("Could not make the storage of sandbox %s: %s", name, made.output());
            throw new SandboxException.StorageUnavailable(made.output().lines().reduce((a, b) -> b).orElse("no output"));
        }
        return device;
    }

    private void release(List<String> names) {
        try {
            List<String> args = new ArrayList<>(List.of("release"));
            args.addAll(names);
            var released = helper(args.toArray(String[]::new));
            if (released.status() != 0) {
                throw new IllegalStateException(released.output());
            }
        } catch (RuntimeException e) {
            failed = true;
            LOG.warnf("Could not delete the storage of %s yet (%s); the next sweep tries again", names, Engine.rootMessage(e));
        }
    }

    /** The loop device a capped volume mounts; empty for a plain volume or none. */
    private Optional<String> deviceOf(String volume) {
        try {
            var inspected = engine.client().inspectVolumeCmd(volume).exec();
            Map<String, String> options = inspected.getOptions();
            return Optional.ofNullable(options == null ? null : options.get("device"));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** True when the volume is gone (or was never there). */
    private boolean removeVolume(String name) {
        try {
            engine.client().removeVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (ConflictException e) {
            LOG.debugf("volume %s still in use; the next sweep removes it", name);
            failed = true;
            return false;
        }
    }

    /**
     * The script as root with no capability: loop devices are the only devices it may open (and
     * create: the kernel adds them as needed), the storage directory the only host path it sees.
     */
    private OneShot.Result helper(String... args) {
        for (String a : args) {
            if (!a.matches("[A-Za-z0-9_./-]+")) {
                throw new IllegalArgumentException("not a storage name: " + a);
            }
        }
        if (!SAFE_NAME.matcher(config.instance()).matches()) {
            throw new IllegalArgumentException("dockerlab.sandbox.instance must be letters, digits, '.', '_' or '-'");
        }
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(new Bind(docker.storageDir(), new Volume("/storage")), new Bind("/dev", new Volume("/dev")))
                .withDeviceCgroupRules(List.of("b 7:* rw", "c 10:237 rw"))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges:true"))
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withMemory(128L << 20)
                .withPidsLimit(64L);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "engine-storage"));
        command.addAll(List.of(args));
        return OneShot.run(engine, docker.image(), ROLE_HELPER, config.instance(), host, HELPER_WAIT, command,
                List.of("DOCKERLAB_INSTANCE=" + config.instance()));
    }
}
