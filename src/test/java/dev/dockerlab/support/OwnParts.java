package dev.dockerlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A server whose parts a test may take away without touching anyone else's: its own lesson-image
 * registry (a container of the registry image deploy/setup.sh builds, on a free port) and its own
 * names for the sandbox images (the shared images tagged again; the Docker-enabled one with this
 * checkout's deploy/sandbox-docker/docker-wrapper, as deploy/setup.sh would build it now).
 * Docker-enabled sandboxes are the default, so every part counts for readiness.
 */
public class OwnParts implements QuarkusTestProfile {

    public static final String RUN = Long.toHexString(System.nanoTime());
    public static final String PLAIN_IMAGE = "dockerlab-test/sandbox-parts-" + RUN + ":latest";
    public static final String DOCKER_IMAGE = "dockerlab-test/sandbox-docker-parts-" + RUN + ":latest";
    public static final String REGISTRY = "dockerlab-test-registry-" + RUN;
    private static final String KEEP = "dockerlab-test/parts-keep-" + RUN + ":latest";
    private static final int REGISTRY_PORT = ServerProcess.freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        prepare();
        return Map.of("dockerlab.sandbox.instance", "parts-" + RUN,
                "dockerlab.sandbox.profile", "docker",
                "dockerlab.sandbox.image", PLAIN_IMAGE,
                "dockerlab.docker.image", DOCKER_IMAGE,
                "dockerlab.docker.mirror-url", registryUrl());
    }

    public static String registryUrl() {
        return "http://127.0.0.1:" + REGISTRY_PORT;
    }

    /** Made once: Quarkus asks a profile for its configuration again later, after the test removed the parts. */
    private static boolean prepared;

    private static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        // none of them outlives the JVM, whichever test used them last (they piled up on CI machines). The
        // docker CLI, not the client: at exit the test's class loader may be closed, and the client needs classes.
        String[][] cleanup = {{"docker", "rm", "-f", REGISTRY}, {"docker", "rmi", "--no-prune", DOCKER_IMAGE, PLAIN_IMAGE, KEEP}};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String[] command : cleanup) {
                try {
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                            .waitFor();
                } catch (IOException e) {
                    // no docker CLI: nothing to do at exit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "own-parts-cleanup"));
        tag("dockerlab/sandbox:latest", PLAIN_IMAGE);
        buildDockerImage();
        startRegistry();
    }

    /** The shared Docker-enabled image with this checkout's docker wrapper, under this run's name. */
    private static void buildDockerImage() {
        try {
            Path dir = Files.createTempDirectory("dockerlab-parts");
            Files.copy(Path.of("deploy", "sandbox-docker", "docker-wrapper"), dir.resolve("docker-wrapper"),
                    StandardCopyOption.REPLACE_EXISTING);
            // the engine's classic builder (Debian's docker.io) has no COPY --chmod
            Files.writeString(dir.resolve("Dockerfile"), """
                    FROM dockerlab/sandbox-docker:latest
                    USER root
                    COPY docker-wrapper /usr/local/lib/dockerlab/docker-wrapper
                    RUN chmod 0755 /usr/local/lib/dockerlab/docker-wrapper
                    USER learner
                    """);
            HostDocker.client().buildImageCmd(dir.toFile()).withTags(Set.of(DOCKER_IMAGE))
                    .exec(new BuildImageResultCallback()).awaitImageId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This run's own lesson-image registry; empty, which is all readiness and a failing pull need. */
    public static void startRegistry() {
        var docker = HostDocker.client();
        String id = docker.createContainerCmd("dockerlab/registry:latest").withName(REGISTRY)
                .withLabels(Map.of("dockerlab.test", RUN))
                .withExposedPorts(ExposedPort.tcp(5000))
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", REGISTRY_PORT), ExposedPort.tcp(5000))))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create(registryUrl() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
    }

    public static void removeRegistry() {
        try {
            HostDocker.client().removeContainerCmd(REGISTRY).withForce(true).exec();
        } catch (NotFoundException gone) {
            // removed already
        }
    }

    /** Takes this run's name off an image (the shared image under it stays); answers its id, to put the name back. */
    public static String untag(String image) {
        String id = HostDocker.client().inspectImageCmd(image).exec().getId();
        // another name on it first: removing a name the image has with others only takes that name away
        tag(id, KEEP);
        HostDocker.client().removeImageCmd(image).withNoPrune(true).exec();
        return id;
    }

    public static void tag(String imageOrId, String name) {
        int colon = name.lastIndexOf(':');
        HostDocker.client().tagImageCmd(imageOrId, name.substring(0, colon), name.substring(colon + 1)).exec();
    }

    /**
     * This run's registry and image names, gone. An image a sandbox still runs loses its name only
     * (the server removes its sandboxes when it stops); the shared images keep theirs.
     */
    public static void removeAll() {
        removeRegistry();
        for (String image : new String[] {DOCKER_IMAGE, PLAIN_IMAGE, KEEP}) {
            try {
                HostDocker.client().removeImageCmd(image).withForce(true).withNoPrune(true).exec();
            } catch (RuntimeException gone) {
                // removed already
            }
        }
    }
}
