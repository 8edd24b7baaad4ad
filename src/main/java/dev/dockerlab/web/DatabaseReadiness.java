package dev.dockerlab.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.dockerlab.db.Database;

/**
 * Ready only once the progress database's schema is up to date: the server migrates it beside
 * the rest of its start, and a learner's finished step must have a table to land in.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private final Database database;

    public DatabaseReadiness(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        return answer(database.problem());
    }

    /**
     * Down with the problem, if there is one. (The builder is one object: {@code map(down).orElse(up)}
     * ran {@code up()} after {@code down()} and answered UP while the schema was still migrating.)
     */
    static HealthCheckResponse answer(Optional<String> problem) {
        var response = HealthCheckResponse.named("progress-database-schema");
        return problem.isPresent() ? response.down().withData("problem", problem.get()).build() : response.up().build();
    }
}
