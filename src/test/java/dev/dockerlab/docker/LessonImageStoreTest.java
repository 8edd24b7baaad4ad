package dev.dockerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.dockerjava.api.command.InspectVolumeResponse;

import dev.dockerlab.sandbox.LessonImageStore;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The lesson images' store (deploy/setup.sh fills it): every Docker-enabled sandbox's engine
 * starts with the lesson images' layers, shared read-only, and still lists no image and pulls as
 * the lessons teach; each learner's engine stays their own (what one removes, changes or builds,
 * another never sees); and no learner can write to the shared layers.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LessonImageStoreTest {

    private static final Duration SLOW = Duration.ofSeconds(90);
    /** The ceiling for a Docker-enabled learner's storage before they build or pull anything of their own. */
    private static final long PER_LEARNER_BYTES = 20L << 20;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    LessonImageStore store;

    private Learner ann;
    private Learner bob;
    private TerminalClient annTerminal;
    private TerminalClient bobTerminal;

    private TerminalClient open(Learner who) {
        TerminalClient t = TerminalClient.open(base, who.cookie(), "http://" + base.getAuthority(), "lesson=docker-basics");
        t.await("learner@sandbox", Duration.ofSeconds(60));
        return t;
    }

    private TerminalClient ann() {
        if (annTerminal == null) {
            ann = Learner.arrive(base);
            annTerminal = open(ann);
        }
        return annTerminal;
    }

    private TerminalClient bob() {
        if (bobTerminal == null) {
            bob = Learner.arrive(base);
            bobTerminal = open(bob);
        }
        return bobTerminal;
    }

    @AfterAll
    void cleanUp() {
        Learner.leave(sandboxes, new TerminalClient[] {annTerminal, bobTerminal}, ann, bob);
    }

    @Test
    @Order(1)
    void theServerMountsTheNewestCompleteStoreThatSetUpMade() {
        var complete = HostDocker.client().listVolumesCmd()
                .withFilter("label", java.util.List.of("dockerlab.role=" + LessonImageStore.ROLE, "dockerlab.lesson-images.complete=true"))
                .exec().getVolumes();
        assertThat(complete).as("deploy/setup.sh made a complete store").isNotEmpty();
        String newest = complete.stream()
                .max(Comparator.comparingLong((InspectVolumeResponse v) -> Long.parseLong(labels(v).getOrDefault("dockerlab.lesson-images.made", "0"))))
                .orElseThrow().getName();
        assertThat(store.current()).contains(newest);
        assertThat(ann().run("findmnt -n -o OPTIONS /var/lib/dockerlab-images")).as("mounted read-only").startsWith("ro");
    }

    @Test
    @Order(2)
    void aNewEngineListsNoImageYetAndItsFirstRunPullsOnlyWhatTheStoreLacks() {
        TerminalClient t = ann();
        assertThat(t.run("docker images -q | wc -l", SLOW)).as("the lessons start from an empty engine").isEqualTo("0");
        String run = t.run("docker run --rm hello-world", SLOW);
        assertThat(run).contains("Unable to find image 'hello-world:latest' locally", "Already exists", "Hello from Docker!")
                .doesNotContain("Pull complete");
        assertThat(t.run("docker run -d --name web nginx >/dev/null && docker exec web nginx -v", SLOW)).contains("nginx version");
        assertThat(t.run("docker images --format '{{.Repository}}' | sort | tr '\\n' ' '")).isEqualTo("hello-world nginx");
    }

    @Test
    @Order(3)
    void theSharedLayersAreReadWholeForASaveAndAPush() {
        TerminalClient t = ann();
        // both read every layer as a tar stream, which needs the layers mounted read-only: every lesson image's
        assertThat(t.run("for i in hello-world busybox alpine nginx redis python debian; do docker pull -q $i >/dev/null"
                + " && docker save $i | tar -t | grep -q layer.tar || echo \"cannot save $i\"; done; echo saved", SLOW))
                .isEqualTo("saved");
        assertThat(t.run("docker tag nginx $DOCKERLAB_PUSH_PREFIX/web && docker push $DOCKERLAB_PUSH_PREFIX/web 2>&1 | tail -n 1", SLOW))
                .contains("digest: sha256:");
    }

    @Test
    @Order(4)
    void aLearnersStorageHoldsTheirOwnChangesOnly() {
        long used = Long.parseLong(ann().run("df -B1 --output=used /var/lib/dockerlab | tail -n 1"));
        assertThat(used).as("after hello-world and a running nginx (the images themselves are about 92 MB)")
                .isLessThan(PER_LEARNER_BYTES);
    }

    @Test
    @Order(5)
    void whatOneLearnerChangesRemovesOrBuildsAnotherNeverSees() {
        TerminalClient a = ann();
        // a change inside a container is copied up into that container's own layer
        a.run("docker exec web sh -c 'echo changed by ann > /usr/share/nginx/html/index.html'", SLOW);
        assertThat(a.run("docker exec web cat /usr/share/nginx/html/index.html")).isEqualTo("changed by ann");
        // an image built on a shared one
        assertThat(a.run("mkdir -p ~/b && cd ~/b && printf 'FROM nginx\\nRUN echo built > /built.txt\\n' > Dockerfile"
                + " && docker build -q -t mine . >/dev/null && docker run --rm mine cat /built.txt", SLOW)).isEqualTo("built");
        // and every image removed: their layers go from Ann's engine
        a.run("docker rm -f web >/dev/null; docker rmi -f $(docker images -q) >/dev/null; docker image prune -a -f >/dev/null; echo ok", SLOW);
        assertThat(a.run("docker images -q | wc -l")).isEqualTo("0");

        TerminalClient b = bob();
        String run = b.run("docker run --rm nginx cat /usr/share/nginx/html/index.html", SLOW);
        assertThat(run).as("Bob's nginx is the lesson's, from the shared layers").contains("Already exists")
                .doesNotContain("changed by ann", "Pull complete");
        assertThat(b.run("docker images --format '{{.Repository}}' | sort | tr '\\n' ' '")).isEqualTo("nginx");
        // Ann pulls nginx again: her engine no longer has its layers, so they come from the registry
        assertThat(a.run("docker pull nginx", SLOW)).contains("Pull complete");
    }

    @Test
    @Order(6)
    void noLearnerCanWriteTheSharedLayers() {
        TerminalClient a = ann();
        assertThat(a.run("touch /var/lib/dockerlab-images/x 2>&1; echo status=$?")).contains("Read-only file system", "status=1");
        assertThat(a.run("rm -rf /var/lib/dockerlab-images/docker/overlay2/l 2>&1 | head -n 1; ls /var/lib/dockerlab-images/docker/overlay2/l | head -n 1 | wc -l"))
                .endsWith("1");
        // as root in the engine's own namespaces (where the learner holds every capability)
        assertThat(a.run("nsenter -U --preserve-credentials -m -t $(pgrep -x dockerd) sh -c '"
                + "echo entered; mount -o remount,bind,rw /var/lib/dockerlab-images && echo REMOUNTED; touch /var/lib/dockerlab-images/x && echo WROTE'"))
                .contains("entered").doesNotContain("REMOUNTED", "WROTE");
        // as root inside an inner container: the store mounted in, and the links of Bob's engine to its layers
        TerminalClient b = bob();
        String inner = b.run("docker run --rm -v /var/lib/dockerlab-images:/var/lib/dockerlab-images"
                + " -v /var/lib/dockerlab/docker/overlay2:/layers busybox sh -c '"
                + "touch /var/lib/dockerlab-images/docker/x 2>/dev/null && echo WROTE-STORE; n=0; "
                + "for d in /layers/*/diff; do [ -L \"$d\" ] || continue; n=$((n+1)); touch \"$d/x\" 2>/dev/null && echo WROTE-LAYER; done; "
                + "mount -o remount,rw /var/lib/dockerlab-images 2>/dev/null && echo REMOUNTED; echo probed $n'", SLOW);
        assertThat(inner).doesNotContain("WROTE-STORE", "WROTE-LAYER", "REMOUNTED").containsPattern("probed [1-9][0-9]*$");
        // and every lesson image still runs from the store
        assertThat(b.run("docker run --rm busybox echo still fine", SLOW)).endsWith("still fine");
    }

    private static Map<String, String> labels(InspectVolumeResponse v) {
        return v.getLabels() == null ? Map.of() : v.getLabels();
    }
}
