package dev.dockerlab.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * The progress database (H2 in a file by default, PostgreSQL by configuration), reached with plain
 * JDBC: four small tables need no object mapper, and leaving Hibernate ORM out (3,700 of the
 * 15,800 classes the start loaded) took 0.3 to 0.5 s off the server's start, with the migration
 * beside it (docs/performance.md, "Start to ready").
 * <p>
 * The schema is brought up to date (Flyway, {@code db/migration}) beside the rest of the start,
 * not before it, and Flyway is not even set up when the history says there is nothing to do
 * ({@link SchemaHistory}): every call here waits for it, readiness says so until it is done, and a migration
 * that fails stops the server with the reason. Calls join the caller's transaction when there is
 * one ({@code QuarkusTransaction}); the data source enlists the connection.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);
    /** A call made while the schema is still being migrated waits at most this long. */
    private static final Duration SCHEMA_PATIENCE = Duration.ofSeconds(60);

    /**
     * The connection pool's wrappers of connections, statements and results. Each makes a JDK
     * dynamic proxy as its class is initialised, at the first statement, and the JDK's AOT cache
     * keeps no dynamic proxies: about 75 ms of the migration's first statements, which readiness
     * waits for, on 2 busy cores.
     */
    private static final List<String> POOL_WRAPPERS = List.of("io.agroal.pool.wrapper.ConnectionWrapper",
            "io.agroal.pool.wrapper.StatementWrapper", "io.agroal.pool.wrapper.PreparedStatementWrapper",
            "io.agroal.pool.wrapper.ResultSetWrapper");

    /**
     * Flyway's settings that say where its migrations and its history are, each with the values
     * that mean where {@link SchemaHistory} looks (its defaults); any other value leaves the check
     * to Flyway.
     */
    private static final Map<String, Set<String>> FLYWAY_PLACES = Map.of(
            "quarkus.flyway.locations", Set.of(SchemaHistory.LOCATION, "classpath:" + SchemaHistory.LOCATION),
            "quarkus.flyway.table", Set.of(SchemaHistory.TABLE),
            "quarkus.flyway.schemas", Set.of(),
            "quarkus.flyway.default-schema", Set.of());

    private final DataSource dataSource;
    private final Instance<Flyway> flyway;
    private final CompletableFuture<Void> schema = new CompletableFuture<>();

    Database(DataSource dataSource, Instance<Flyway> flyway) {
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    /**
     * The pool's wrappers are initialised as soon as the bean container starts, on a thread of
     * their own, while Quarkus still starts its extensions: not in the migration's first
     * statements. A wrapper that is not there (another pool version) is left to its first use.
     */
    static void initPoolWrappers(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Thread.ofPlatform().name("database-warm-up").daemon().start(() -> {
            for (String wrapper : POOL_WRAPPERS) {
                try {
                    Class.forName(wrapper, true, Database.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    LOG.debugf("Connection pool wrapper %s not initialised beside the start: %s", wrapper, e);
                }
            }
        });
    }

    /**
     * The migration starts with the server's first observers, before the platform's (Qute's
     * template engine, at PLATFORM_BEFORE), and runs beside the rest of the start.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        Thread.ofPlatform().name("database-schema").daemon().start(this::migrate);
    }

    private void migrate() {
        long began = System.nanoTime();
        try {
            Optional<String> current = historyUpToDate();
            if (current.isPresent()) {
                schema.complete(null);
                LOG.infof("Database schema at version %s (0 migration(s) applied; its history holds this build's migrations,"
                        + " unchanged) in %d ms", current.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                return;
            }
            var result = flyway.get().migrate();
            schema.complete(null);
            LOG.infof("Database schema at version %s (%d migration(s) applied) in %d ms", result.targetSchemaVersion == null
                    ? result.initialSchemaVersion : result.targetSchemaVersion, result.migrationsExecuted,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } catch (RuntimeException e) {
            schema.completeExceptionally(e);
            LOG.errorf("The progress database could not be brought up to date, so the server stops: %s. Check"
                    + " quarkus.datasource.jdbc.url and that the database answers (docs/operations.md, \"Progress data\").%s",
                    firstLine(e), details(e));
            Quarkus.asyncExit(1);
        }
    }

    /**
     * The schema's version when it is already up to date, told without Flyway ({@link
     * SchemaHistory}); empty when Flyway has work to do or to check, or when its settings move its
     * migrations or its history table from where {@link SchemaHistory} looks.
     */
    private Optional<String> historyUpToDate() {
        var config = ConfigProvider.getConfig();
        for (var place : FLYWAY_PLACES.entrySet()) {
            String value = config.getOptionalValue(place.getKey(), String.class).map(String::strip).orElse("");
            if (!value.isEmpty() && !place.getValue().contains(value)) {
                return Optional.empty();
            }
        }
        List<SchemaHistory.Migration> carried = SchemaHistory.carried();
        if (carried.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            return SchemaHistory.upToDate(c, carried);
        } catch (SQLException e) {
            // Flyway connects again and says what is wrong
            return Optional.empty();
        }
    }

    /**
     * The rest of the reason, after its first line, each line indented (Flyway says there which
     * migration failed validation, and what to do); empty when there is no more.
     */
    private static String details(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? "" : "\n" + message.substring(end + 1).strip().lines().map(line -> "    " + line)
                .collect(Collectors.joining("\n"));
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    /** True once the schema is up to date: work on a schedule waits for it rather than failing. */
    public boolean ready() {
        return schema.isDone() && !schema.isCompletedExceptionally();
    }

    /** Empty when the schema is up to date; otherwise what readiness says. */
    public Optional<String> problem() {
        if (!schema.isDone()) {
            return Optional.of("the progress database's schema is being brought up to date");
        }
        if (schema.isCompletedExceptionally()) {
            return Optional.of("the progress database's schema could not be brought up to date: " + firstLine(schema.exceptionNow()));
        }
        return Optional.empty();
    }

    /** The rows {@code sql} selects, each made by {@code row}. */
    public <T> List<T> list(String sql, RowMapper<T> row, Object... params) {
        return run(sql, params, statement -> {
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        });
    }

    /** The first row {@code sql} selects, if any. */
    public <T> Optional<T> first(String sql, RowMapper<T> row, Object... params) {
        return list(sql, row, params).stream().findFirst();
    }

    /** The single number {@code sql} selects ({@code select count(*) ...}). */
    public long number(String sql, Object... params) {
        return first(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** Runs an insert, update or delete; the rows it changed. */
    public int update(String sql, Object... params) {
        return run(sql, params, PreparedStatement::executeUpdate);
    }

    /** {@code count} placeholders for an {@code in (...)} list: {@code ?, ?, ?}. */
    public static String placeholders(Collection<?> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }

    /** An instant as the tables keep it ({@code timestamp with time zone}, in UTC). */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private <T> T run(String sql, Object[] params, Statement<T> work) {
        awaitSchema();
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, params);
            return work.apply(statement);
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (p instanceof Instant at) {
                statement.setObject(i + 1, at.atOffset(ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, p);
            }
        }
    }

    private void awaitSchema() {
        if (ready()) {
            return;
        }
        try {
            schema.get(SCHEMA_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new DatabaseException("the progress database's schema could not be brought up to date", e.getCause());
        } catch (TimeoutException e) {
            throw new DatabaseException("the progress database's schema was still being brought up to date after "
                    + SCHEMA_PATIENCE.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for the progress database's schema", e);
        }
    }

    /** One row of a result, made into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Statement<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }
}
