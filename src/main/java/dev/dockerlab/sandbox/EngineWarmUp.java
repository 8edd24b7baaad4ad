package dev.dockerlab.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

/**
 * The engine's settings and its probe connection, made while Quarkus is still starting its
 * extensions, on a thread of their own: reading the docker CLI's settings, building the client
 * and a first ping load most of the classes the engine's calls need, most of a second of the start
 * when the sandboxes' set-up did it (docs/performance.md, "Start to ready"). It also has the clients'
 * one JSON mapper ({@link OneMapperConfig}) build its writer for a container's creation, which the
 * instance's claim sends first, on the path to ready: 0.3 s of CPU there, beside the start here.
 * <p>
 * It starts when the bean container does, before the configuration can be read, so it reads none:
 * the engine is found as {@link Engine} finds it, the way the docker CLI does. Its first calls are
 * not counted as the engine's failures; a failure here only means {@link Engine} does the same
 * work again when it is made, and reports it.
 */
@ApplicationScoped
class EngineWarmUp {

    /** Any image name: the creation the warm-up writes is never sent. */
    private static final String ANY_IMAGE = "dockerlab/sandbox:latest";

    private final CompletableFuture<Made> made = new CompletableFuture<>();

    /** The settings and the probe's connection pool, both for {@link Engine} to keep. */
    record Made(DockerClientConfig config, DockerHttpClient probe) {
    }

    void onContainerStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Thread.ofPlatform().name("engine-warm-up").daemon(true).start(() -> {
            try {
                made.complete(warmUp());
            } catch (RuntimeException | LinkageError e) {
                made.completeExceptionally(e);
            }
        });
    }

    private static Made warmUp() {
        DockerClientConfig config = new OneMapperConfig(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
        DockerHttpClient probe = Engine.http(config, Engine.PROBE_CONNECTIONS);
        // not closed: closing it would close the probe's pool, which Engine keeps
        DockerClient client = DockerClientImpl.getInstance(config, probe);
        try {
            client.pingCmd().exec();
            // a JSON answer: the first one read initialises Jackson's parser (BigDecimal's tables
            // among it, 40 ms) here, not in the first of the start's own readers
            client.versionCmd().exec();
        } catch (RuntimeException e) {
            // no engine yet: Engine's own ping says what is wrong
        }
        try {
            // the shared mapper builds its writer for a container's creation now, not in the claim
            config.getObjectMapper().writeValueAsBytes(InstanceOwner.creation(client, ANY_IMAGE, "warm-up", Map.of("warm", "up")));
        } catch (JsonProcessingException e) {
            // the claim's own creation builds it, and reports what is wrong
        }
        return new Made(config, probe);
    }

    /** What the warm-up made, waiting for it if it is still at work; empty if it failed. */
    Optional<Made> made() {
        try {
            return Optional.of(made.join());
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }
}
