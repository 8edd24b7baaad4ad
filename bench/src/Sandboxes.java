import java.time.Duration;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.EngineConfig;
import dev.dockerlab.sandbox.Hardening;
import dev.dockerlab.sandbox.Labels;
import dev.dockerlab.sandbox.SandboxConfig;

/**
 * The engine as the server reaches it, for the baselines: the server's own {@link Engine}, and
 * sandboxes hardened by the server's own {@link Hardening}, both with the server's default
 * configuration ({@link ServerDefaults}).
 */
final class Sandboxes {

    private static final SandboxConfig SANDBOX = ServerDefaults.of(SandboxConfig.class);
    private static final EngineConfig ENGINE = ServerDefaults.of(EngineConfig.class);

    /** For short calls: built as the server's {@link Engine} builds its own. */
    static final DockerClient DOCKER = Engine.hostClient(ENGINE.maxConnections());
    /** For exec streams, which hold their connection while they run. */
    static final DockerClient STREAMS = Engine.hostClient(ENGINE.streamConnections());

    private Sandboxes() {
    }

    /**
     * docker-java alone: create and start a sandbox hardened as the server's are (on the engine's
     * default network: the server's network is its own), exec a login bash with a TTY, until its
     * prompt. Milliseconds.
     */
    static double createStartAttach() throws Exception {
        long t0 = System.nanoTime();
        String id = DOCKER.createContainerCmd(Bench.IMAGE)
                .withName(Labels.NAME_PREFIX + Bench.RUN + "-raw-" + System.nanoTime())
                .withLabels(Map.of(Labels.MANAGED, "true", Labels.INSTANCE, Bench.RUN, Labels.LEARNER, "bench"))
                .withUser(Hardening.USER).withHostName("sandbox").withCmd("sleep", "infinity")
                .withHostConfig(Hardening.hostConfig(SANDBOX).withNetworkMode("bridge"))
                .exec().getId();
        DOCKER.startContainerCmd(id).exec();
        RawTerminal raw = RawTerminal.attach(id);
        raw.output().awaitText(Bench.PROMPT, Duration.ofSeconds(20));
        double ms = (System.nanoTime() - t0) / 1e6;
        raw.close();
        DOCKER.removeContainerCmd(id).withForce(true).exec();
        return ms;
    }

    /** Removes every container of this run: the raw baselines', and any a server left behind. */
    static void removeLeftovers() {
        for (Container c : DOCKER.listContainersCmd().withShowAll(true).exec()) {
            String instance = c.getLabels() == null ? null : c.getLabels().get(Labels.INSTANCE);
            if (instance != null && instance.startsWith(Bench.RUN)) {
                try {
                    DOCKER.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // gone already
                }
            }
        }
    }

    static String engineVersion() {
        return DOCKER.versionCmd().exec().getVersion();
    }
}
