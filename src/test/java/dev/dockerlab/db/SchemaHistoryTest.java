package dev.dockerlab.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start's check that the schema is up to date, against what Flyway itself writes: the same
 * migrations, an H2 database, Flyway's own history table. It must say "up to date" only where
 * Flyway would have nothing to do, and leave everything else to Flyway.
 */
class SchemaHistoryTest {

    private final String url = "jdbc:h2:mem:schema-history-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        connection.close();
    }

    @Test
    void theBuildCarriesItsMigrationsWithFlywaysChecksums() {
        List<SchemaHistory.Migration> carried = SchemaHistory.carried();
        assertThat(carried).extracting(SchemaHistory.Migration::version).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(carried).extracting(SchemaHistory.Migration::description).contains("learner position");

        flyway(null).migrate();
        assertThat(SchemaHistory.upToDate(connection, carried)).as("what Flyway applied, read back").contains("3");
    }

    @Test
    void aNewDatabaseIsLeftToFlyway() {
        assertThat(SchemaHistory.upToDate(connection, SchemaHistory.carried())).isEmpty();
    }

    @Test
    void aMigrationStillToApplyIsLeftToFlyway() {
        flyway("2").migrate();
        assertThat(SchemaHistory.upToDate(connection, SchemaHistory.carried())).isEmpty();
    }

    @Test
    void aMigrationChangedSinceItWasAppliedIsLeftToFlywayWhichRefusesIt() throws SQLException {
        flyway(null).migrate();
        update("update \"flyway_schema_history\" set \"checksum\" = \"checksum\" + 1 where \"version\" = '3'");
        assertThat(SchemaHistory.upToDate(connection, SchemaHistory.carried())).isEmpty();
    }

    @Test
    void aFailedMigrationIsLeftToFlyway() throws SQLException {
        flyway(null).migrate();
        update("update \"flyway_schema_history\" set \"success\" = false where \"version\" = '2'");
        assertThat(SchemaHistory.upToDate(connection, SchemaHistory.carried())).isEmpty();
    }

    @Test
    void aRenamedMigrationIsLeftToFlyway() throws SQLException {
        flyway(null).migrate();
        update("update \"flyway_schema_history\" set \"description\" = 'progress rows' where \"version\" = '1'");
        assertThat(SchemaHistory.upToDate(connection, SchemaHistory.carried())).isEmpty();
    }

    @Test
    void aHistoryWithMoreThanTheBuildCarriesIsLeftToFlyway() {
        flyway(null).migrate();
        List<SchemaHistory.Migration> older = SchemaHistory.carried().stream().filter(m -> !m.version().equals("3")).toList();
        assertThat(SchemaHistory.upToDate(connection, older)).as("an older build on a newer database").isEmpty();
    }

    @Test
    void versionsAreOrderedAsNumbersPartByPart() {
        assertThat(SchemaHistory.compareVersions("1.10", "1.9")).isPositive();
        assertThat(SchemaHistory.compareVersions("2", "10")).isNegative();
        assertThat(SchemaHistory.compareVersions("3", "3.0")).isZero();
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(url, null, null).locations("classpath:" + SchemaHistory.LOCATION);
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private void update(String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }
}
