package dev.dockerlab.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;

/**
 * A short job of the server's own on the engine's host (the firewall, the sandboxes' file
 * systems), run as a one-shot container so it works with a remote engine too: created, waited
 * for, its output read, removed whatever happened. Labelled so nobody takes it for a sandbox.
 */
final class OneShot {

    private OneShot() {
    }

    /** What the job printed (stdout and stderr), trimmed. */
    record Result(int status, String output) {
    }

    /**
     * Runs {@code command} as root in {@code image} with exactly the settings of {@code host} and
     * the environment {@code env} ({@code NAME=value}).
     *
     * @throws IllegalStateException when it does not end within {@code timeout}
     */
    static Result run(Engine engine, String image, String role, String instance, HostConfig host, Duration timeout,
            List<String> command, List<String> env) {
        DockerClient docker = engine.client();
        String id = null;
        try {
            id = engine.call(() -> docker.createContainerCmd(image)
                    .withName(Labels.NAME_PREFIX + role + "-" + Long.toHexString(System.nanoTime()))
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.ROLE, role, Labels.LEARNER, "none",
                            Labels.INSTANCE, instance))
                    .withUser("0:0")
                    .withEnv(env)
                    .withEntrypoint(command.getFirst())
                    .withCmd(command.subList(1, command.size()))
                    .withHostConfig(host)
                    .exec().getId());
            String started = id;
            engine.call(() -> docker.startContainerCmd(started).exec());
            Integer status = docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(status == null ? -1 : status, logs(docker, id));
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // best effort: a leftover is labelled and harmless
                }
            }
        }
    }

    private static String logs(DockerClient docker, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new FrameStream(bytes -> {
                        synchronized (out) {
                            out.writeBytes(bytes);
                        }
                    })).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8).trim();
        }
    }
}
