package dev.dockerlab.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The storage of a learner's own Docker engine is a file system of its own, capped by
 * {@code dockerlab.docker.storage-size} and enforced by the kernel: filling it stops that learner
 * with "no space left on device" and nobody else. Checked from the host: its free space, the
 * file systems' files and loop devices, another learner's sandbox.
 */
@QuarkusTest
@TestProfile(EngineStorageTest.SmallStorage.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Exclusive.TAG)
class EngineStorageTest {

    static final long CAP_MIB = 64;
    private static final Duration SLOW = Duration.ofMinutes(3);

    public static class SmallStorage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.instance", "test-storage-${quarkus.uuid}",
                    "dockerlab.docker.storage-size", CAP_MIB + "m");
        }
    }

    @Inject
    SandboxService sandboxes;

    @Inject
    LiveSandboxes live;

    @Inject
    SandboxConfig config;

    @Inject
    DockerProfileConfig docker;

    private final List<LearnerId> learners = new ArrayList<>();

    @AfterAll
    void cleanUp() {
        learners.forEach(sandboxes::reset);
    }

    private Sandbox dockerSandbox() {
        LearnerId learner = LearnerId.generate();
        learners.add(learner);
        return sandboxes.acquire(learner, SandboxProfile.DOCKER);
    }

    private static String asLearner(Sandbox sandbox, String script) {
        return InContainer.run(HostDocker.client(), sandbox.containerId(), "1000:1000", script, SLOW).output();
    }

    private Path fileSystemOf(Sandbox sandbox) {
        return Path.of(docker.storageDir(), config.instance(), sandbox.name() + ".img");
    }

    @Test
    void aLearnerWhoFillsTheirEngineGetsNoSpaceLeftWhileTheHostTheServerAndOtherLearnersCarryOn() throws Exception {
        Sandbox filler = dockerSandbox();
        Sandbox neighbour = dockerSandbox();
        long hostFreeBefore = Files.getFileStore(Path.of(docker.storageDir())).getUsableSpace();

        // 1 GiB asked for, from a container of the learner's own engine: the cap stops it at 64 MiB
        String filled = asLearner(filler, "docker run --rm busybox dd if=/dev/zero of=/fill bs=1M count=1024 2>&1;"
                + " df -k /var/lib/dockerlab | tail -n 1");
        assertThat(filled).as("the learner's own engine, filled").contains("No space left on device");
        long sizeKib = Long.parseLong(filled.lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+")[1]);
        assertThat(sizeKib).as("the engine's storage as the learner sees it (df)").isLessThanOrEqualTo(CAP_MIB * 1024);

        // the host's own file system may add a block or two of its bookkeeping
        assertThat(allocatedKib(fileSystemOf(filler))).as("what the full storage takes of the host's disk")
                .isLessThanOrEqualTo(CAP_MIB * 1024 + 1024);
        long hostFreeAfter = Files.getFileStore(Path.of(docker.storageDir())).getUsableSpace();
        assertThat(hostFreeBefore - hostFreeAfter).as("the host's free space, before and after (other work shares the disk)")
                .isLessThan(512L << 20);

        assertThat(asLearner(neighbour, "docker run --rm busybox sh -c 'dd if=/dev/zero of=/f bs=1M count=8 2>/dev/null"
                + " && echo wrote'")).as("another learner's engine, at the same time").endsWith("wrote");
        given().get("/q/health/live").then().statusCode(200);
        assertThat(asLearner(filler, "docker run --rm busybox true 2>&1; docker system prune -af >/dev/null 2>&1;"
                + " docker run --rm busybox echo room-again 2>&1")).as("the full learner, after cleaning up").endsWith("room-again");
    }

    @Test
    void aRemovedSandboxLeavesNoFileSystemNoLoopDeviceAndNoVolume() throws Exception {
        LearnerId learner = LearnerId.generate();
        Sandbox sandbox = sandboxes.acquire(learner, SandboxProfile.DOCKER);
        Path file = fileSystemOf(sandbox);
        assertThat(file).as("the sandbox's file system on the host").exists();
        assertThat(loopDevicesOf(file)).as("its loop device").hasSize(1);
        assertThat(Files.getPosixFilePermissions(file)).as("only root reads the file").hasSize(2);
        assertThat(allocatedKib(file)).as("a new file system's share of the host's disk (sparse, lazily made)")
                .isLessThan(8 * 1024);

        sandboxes.reset(learner);
        assertThat(file).as("the file system, after the sandbox was removed").doesNotExist();
        assertThat(loopDevicesOf(file)).as("loop devices still holding it").isEmpty();
        assertThat(HostDocker.client().listVolumesCmd().exec().getVolumes()).as("volumes")
                .noneMatch(v -> v.getName().equals(sandbox.name() + "-docker"));
    }

    @Test
    void aStoppedSandboxIsStartedAgainOnlyWhileItsLoopDeviceStillHoldsItsOwnFileSystem() throws Exception {
        LearnerId survivor = LearnerId.generate();
        LearnerId rebooted = LearnerId.generate();
        learners.add(survivor);
        learners.add(rebooted);
        Sandbox kept = sandboxes.acquire(survivor, SandboxProfile.DOCKER);
        Sandbox lost = sandboxes.acquire(rebooted, SandboxProfile.DOCKER);
        asLearner(kept, "echo mine > /var/lib/dockerlab/marker");
        HostDocker.client().stopContainerCmd(kept.containerId()).withTimeout(1).exec();
        HostDocker.client().stopContainerCmd(lost.containerId()).withTimeout(1).exec();
        // what a reboot does: no loop device is attached any more
        for (String device : loopDevicesOf(fileSystemOf(lost))) {
            host("losetup", "-d", device);
        }

        // what a restarted server knows before it looks at the engine: nothing
        live.forgetAll();
        sandboxes.reload();

        assertThat(sandboxes.find(survivor)).as("the sandbox whose storage is intact, adopted").isPresent();
        assertThat(asLearner(kept, "cat /var/lib/dockerlab/marker")).isEqualTo("mine");
        assertThat(sandboxes.find(rebooted)).as("the sandbox whose storage is gone").isEmpty();
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(lost.name())).exec())
                .as("its container").noneMatch(c -> c.getId().equals(lost.containerId()));
        assertThat(fileSystemOf(lost)).as("its file system").doesNotExist();
    }

    /** The loop devices whose backing file is {@code file}, as the host's kernel lists them. */
    private static List<String> loopDevicesOf(Path file) throws IOException {
        List<String> devices = new ArrayList<>();
        try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
            for (Path block : blocks.filter(b -> b.getFileName().toString().startsWith("loop")).toList()) {
                Path backing = block.resolve("loop/backing_file");
                if (Files.exists(backing)
                        && Files.readString(backing).trim().endsWith("/" + file.getFileName())) {
                    devices.add("/dev/" + block.getFileName());
                }
            }
        }
        return devices;
    }

    private static long allocatedKib(Path file) throws Exception {
        return Long.parseLong(host("du", "-k", "--", file.toString()).split("\\s+")[0]);
    }

    private static String host(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
