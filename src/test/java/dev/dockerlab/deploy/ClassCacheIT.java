package dev.dockerlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.ServerProcess;
import dev.dockerlab.support.TerminalClient;

/**
 * deploy/run.sh gives a new build its class cache before it starts it (deploy/lib.sh,
 * ensure_server_class_cache): on JDK 25 and later the JDK's AOT cache, trained by one start and
 * stop of the build as an instance of its own, which leaves nothing behind on the engine; before
 * 25 the options name a class-data archive. The server started with them uses the cache and
 * serves a learner.
 */
class ClassCacheIT {

    private static final Path APP = Path.of("target", "quarkus-app");
    private static final String TRAINING_INSTANCE = "aot-training";

    private ServerProcess server;
    private String instance;

    @AfterEach
    void cleanUp() {
        ServerProcess.closeAll(instance, server);
    }

    @Test
    void aNewBuildGetsItsClassCacheAndTheServerStartsWithIt() throws Exception {
        Path options = APP.resolve("class-cache.options");
        Path cache = APP.resolve("app.aot");
        Files.deleteIfExists(options);
        Files.deleteIfExists(cache);
        List<String> openingsBefore = gateOpenings();

        String out = ensureClassCache();

        boolean aot = Runtime.version().feature() >= 25;
        if (aot) {
            assertThat(out).as("the build is trained once").contains("AOT cache target/quarkus-app/app.aot written in");
            assertThat(cache).as("the JDK wrote the cache as the training start exited").exists();
            // and, as the training recorded no method profiles, the switch that skips replaying them
            assertThat(Files.readAllLines(options)).containsExactly("-XX:AOTCache=target/quarkus-app/app.aot",
                    "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");
        } else {
            assertThat(Files.readAllLines(options))
                    .containsExactly("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=target/quarkus-app/app.jsa");
        }
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.instance", TRAINING_INSTANCE)).exec())
                .as("the training start's owner and sandboxes are gone with it").isEmpty();
        assertThat(gateOpenings()).as("and so is its registry gate's opening in the host's firewall").isEqualTo(openingsBefore);

        assertThat(ensureClassCache()).as("a build already trained is not trained again").doesNotContain("Training");

        instance = "cache-it-" + Long.toHexString(System.nanoTime());
        List<String> properties = new ArrayList<>(List.of("@" + options, "-Ddockerlab.sandbox.instance=" + instance,
                "-Ddockerlab.docker.gate-port=0"));
        if (aot) {
            properties.add("-Xlog:aot=info");
        }
        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of(), properties.toArray(String[]::new));
        if (aot) {
            assertThat(server.log()).as("the JVM used the cache").contains("Using AOT-linked classes: true")
                    .doesNotContain("[error][aot]");
        }
        try (TerminalClient terminal = Learner.arrive(server.base()).terminal(server.base())) {
            assertThat(terminal.run("echo cached")).isEqualTo("cached");
        }
        server.stop();
        assertThat(gateOpenings()).as("a server whose gate took a port of its choosing closes that opening as it stops")
                .isEqualTo(openingsBefore);
    }

    /**
     * The openings servers made in the host's INPUT chain for their registry gates' ports (a start
     * on a new engine also adds the network's one DROP rule, which stays by design).
     */
    private static List<String> gateOpenings() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("iptables", "-S", "INPUT").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out.lines().filter(rule -> rule.contains("--dport") && rule.endsWith("-j ACCEPT")).sorted().toList();
    }

    /** What deploy/run.sh does before it starts the server, with the JDK that runs the tests. */
    private static String ensureClassCache() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "source deploy/lib.sh && cd \"$REPO_ROOT\" && select_jdk && ensure_server_class_cache").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
