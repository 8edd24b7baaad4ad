package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.ServerProcess;

/**
 * The progress database's schema is brought up to date beside the rest of the start: a database
 * the server cannot open stops it with the reason and what to check, rather than a server that
 * answers ready and loses every finished step.
 */
class ProgressDatabaseIT {

    private ServerProcess server;
    private String instance;

    @AfterEach
    void cleanUp() {
        ServerProcess.closeAll(instance, server);
    }

    @Test
    void aDatabaseTheServerCannotOpenStopsItWithTheReasonAndNeverAnswersReady() throws Exception {
        instance = "db-it-" + Long.toHexString(System.nanoTime());
        server = ServerProcess.launch(instance, ServerProcess.freePort(), Map.of(), "-Ddockerlab.sandbox.instance=" + instance,
                "-Ddockerlab.docker.gate-port=" + ServerProcess.freePort(),
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:/proc/no-such-folder/dockerlab");
        boolean everReady = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.alive() && System.nanoTime() < deadline) {
            everReady |= server.readyStatus() == 200;
            Thread.sleep(50);
        }
        assertThat(server.awaitExit(Duration.ofSeconds(30))).as("the server stops").isEqualTo(1);
        assertThat(everReady).as("it never said ready").isFalse();
        assertThat(server.log()).as("it says why and what to check")
                .contains("The progress database could not be brought up to date, so the server stops")
                .contains("quarkus.datasource.jdbc.url");
    }
}
