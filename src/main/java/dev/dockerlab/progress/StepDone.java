package dev.dockerlab.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.dockerlab.db.Database;

/**
 * One finished step of one learner (table {@code step_done}). The learner is their hash
 * ({@code LearnerId.hash()}), never the cookie: a leaked database cannot be replayed as someone's identity.
 */
record StepDone(String learnerHash, String lessonSlug, int step, Instant doneAt) {

    static final String COLUMNS = "learner_hash, lesson_slug, step, done_at";

    static StepDone of(ResultSet rs) throws SQLException {
        return new StepDone(rs.getString("learner_hash"), rs.getString("lesson_slug"), rs.getInt("step"),
                Database.instant(rs, "done_at"));
    }
}
