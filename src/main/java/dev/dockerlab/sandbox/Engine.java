package dev.dockerlab.sandbox;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * The one owner of the Docker client. It is built once, pinged at start, and never closed by
 * callers. The engine is found the way the docker CLI finds it: {@code DOCKER_HOST}, else the
 * local socket.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    private final DockerClientConfig config;
    private final DockerClient client;

    public Engine() {
        this.config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                // every attached terminal holds one connection for as long as it is open
                .maxConnections(2048)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    public DockerClient client() {
        return client;
    }

    public String host() {
        return config.getDockerHost().toString();
    }

    /** True when the engine answers a ping. */
    public boolean answers() {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Pings, or throws an exception whose message tells an operator what to do. */
    public void requireAnswer() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("No Docker engine answers at " + host() + " (" + rootMessage(e) + ")."
                    + " Start one: deploy/setup.sh installs and starts Debian's docker.io, or point DOCKER_HOST"
                    + " at a running engine.", e);
        }
    }

    public boolean imageExists(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Runs an engine call, turning a lost connection into {@link SandboxException.EngineUnavailable}
     * while letting the engine's own answers (not found, conflict) through.
     */
    public <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!answers()) {
                throw new SandboxException.EngineUnavailable(e);
            }
            throw e;
        }
    }

    /**
     * Runs a shell script in a container as the learner (never root), without a TTY, and waits
     * up to {@code timeout}; answers what it wrote to stdout. Extra arguments become $1, $2...
     *
     * @throws NotFoundException when the container does not exist
     */
    public String runAsLearner(String containerId, Duration timeout, String script, String... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/bin/sh", "-c", script, "dockerlab"));
        command.addAll(java.util.List.of(args));
        String exec = client.execCreateCmd(containerId).withUser(Hardening.USER).withAttachStdout(true)
                .withCmd(command.toArray(String[]::new)).exec().getId();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            client.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Frame frame) {
                    synchronized (out) {
                        // docker-java reuses the payload buffer: writeBytes copies it now
                        out.writeBytes(frame.getPayload());
                    }
                }
            }).awaitCompletion(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("closing the Docker client", e);
        }
    }
}
