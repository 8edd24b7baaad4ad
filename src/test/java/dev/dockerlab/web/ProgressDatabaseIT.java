package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
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

    @Test
    void aSchemaAlreadyUpToDateIsToldFromItsHistoryAndAChangedMigrationIsStillRefused() throws Exception {
        instance = "db-it-" + Long.toHexString(System.nanoTime());
        String[] options = {"-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.docker.gate-port=0"};
        String migrated = "Database schema at version 3 (3 migration(s) applied)";
        String toldFromHistory = "Database schema at version 3 (0 migration(s) applied; its history holds this build's migrations, unchanged)";

        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of(), options);
        server.stop();
        assertThat(server.log()).as("a new database: Flyway applies every migration").contains(migrated)
                .doesNotContain(toldFromHistory);

        int firstRun = server.log().length();
        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of(), options);
        server.stop();
        assertThat(server.log().substring(firstRun)).as("the next start finds nothing to do without setting Flyway up")
                .contains(toldFromHistory).doesNotContain("Successfully validated");

        // a migration edited after it was applied: the history's checksum no longer matches the build's script
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:./target/" + instance + "-data/dockerlab");
                var statement = c.createStatement()) {
            assertThat(statement.executeUpdate("update \"flyway_schema_history\" set \"checksum\" = \"checksum\" + 1"
                    + " where \"version\" = '2'")).isEqualTo(1);
        }
        server = ServerProcess.launch(instance, ServerProcess.freePort(), Map.of(), options);
        assertThat(server.awaitExit(Duration.ofSeconds(60))).as("Flyway checks it, and the server stops").isEqualTo(1);
        assertThat(server.log()).contains("The progress database could not be brought up to date, so the server stops")
                .containsIgnoringCase("checksum mismatch for migration version 2");
    }
}
