package dev.dockerlab.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The push registry keeps no more than {@code dockerlab.docker.push-quota} for each learner: a
 * real {@code docker push} past it is refused with a message the learner's docker client prints,
 * what was pushed before a restart still counts, and another learner pushes as before.
 */
@QuarkusTest
@TestProfile(PushQuotaTest.SmallQuota.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Exclusive.TAG)
class PushQuotaTest {

    static final long QUOTA_MIB = 8;
    private static final Duration SLOW = Duration.ofMinutes(3);

    public static class SmallQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dockerlab.sandbox.instance", "test-push-quota-${quarkus.uuid}",
                    "dockerlab.docker.push-quota", QUOTA_MIB + "m",
                    "dockerlab.docker.storage-size", "256m");
        }
    }

    @Inject
    SandboxService sandboxes;

    @Inject
    DockerProfileConfig docker;

    private final List<LearnerId> learners = new ArrayList<>();

    @AfterAll
    void cleanUp() {
        learners.forEach(sandboxes::reset);
    }

    private Sandbox dockerSandbox(LearnerId learner) {
        learners.add(learner);
        Sandbox sandbox = sandboxes.acquire(learner, SandboxProfile.DOCKER);
        sandboxes.joinNetwork(sandbox);
        return sandbox;
    }

    private static String asLearner(Sandbox sandbox, String script) {
        return InContainer.run(HostDocker.client(), sandbox.containerId(), "1000:1000", script, SLOW).output();
    }

    @Test
    void aPushPastTheQuotaIsRefusedWithAMessageAndWhatWasKeptStillCountsAfterARestart() throws Exception {
        LearnerId alice = LearnerId.generate();
        Sandbox aliceBox = dockerSandbox(alice);
        Sandbox bobBox = dockerSandbox(LearnerId.generate());

        String small = asLearner(aliceBox, "docker pull -q busybox >/dev/null && docker tag busybox $DOCKERLAB_PUSH_PREFIX/small"
                + " && docker push $DOCKERLAB_PUSH_PREFIX/small >/dev/null 2>&1 && echo pushed");
        assertThat(small).as("a small image, well inside the quota").endsWith("pushed");
        long kept = new PushedImages(URI.create(docker.pushUrl())).keptBy(alice.hash());
        assertThat(kept).as("what the registry keeps for alice, read as a restarted server reads it")
                .isBetween(1L << 19, QUOTA_MIB << 20);

        long hostFreeBefore = Files.getFileStore(Path.of("/var/lib/docker")).getUsableSpace();
        String big = asLearner(aliceBox, "mkdir -p ~/big && cd ~/big && head -c " + 2 * QUOTA_MIB + "M /dev/urandom > blob"
                + " && printf 'FROM busybox\\nCOPY blob /blob\\n' > Dockerfile && docker build -q -t $DOCKERLAB_PUSH_PREFIX/big . >/dev/null"
                + " && docker push $DOCKERLAB_PUSH_PREFIX/big 2>&1; echo exit=$?");
        assertThat(big).as("pushing %d MiB of random data against a quota of %d MiB", 2 * QUOTA_MIB, QUOTA_MIB)
                .contains("denied").contains("push quota").doesNotContain("exit=0");
        long hostFreeAfter = Files.getFileStore(Path.of("/var/lib/docker")).getUsableSpace();
        assertThat(hostFreeBefore - hostFreeAfter).as("the host's free space (other work shares the disk)").isLessThan(512L << 20);
        assertThat(new PushedImages(URI.create(docker.pushUrl())).keptBy(alice.hash())).as("alice's space after the refusal")
                .isEqualTo(kept);

        assertThat(asLearner(bobBox, "docker pull -q busybox >/dev/null && docker tag busybox $DOCKERLAB_PUSH_PREFIX/mine"
                + " && docker push $DOCKERLAB_PUSH_PREFIX/mine >/dev/null 2>&1 && echo pushed"))
                .as("another learner, after alice hit her quota").endsWith("pushed");
        given().get("/q/health/live").then().statusCode(200);
    }
}
