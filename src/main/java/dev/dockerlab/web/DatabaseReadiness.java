package dev.dockerlab.web;

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
        var response = HealthCheckResponse.named("progress-database-schema");
        return database.problem().map(p -> response.down().withData("problem", p)).orElse(response.up()).build();
    }
}
