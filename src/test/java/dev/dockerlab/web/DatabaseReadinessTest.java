package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Readiness waits for the progress database's schema: a learner's finished step needs its table. */
class DatabaseReadinessTest {

    @Test
    void isDownWithTheProblemWhileTheSchemaIsNotUpToDate() {
        HealthCheckResponse answer = DatabaseReadiness.answer(Optional.of("the progress database's schema is being brought up to date"));
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(answer.getData()).hasValueSatisfying(data -> assertThat(data)
                .containsEntry("problem", "the progress database's schema is being brought up to date"));
    }

    @Test
    void isUpWithNoProblem() {
        HealthCheckResponse answer = DatabaseReadiness.answer(Optional.empty());
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(answer.getData()).isEmpty();
    }
}
