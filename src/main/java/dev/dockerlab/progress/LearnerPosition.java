package dev.dockerlab.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.dockerlab.db.Database;

/** Where one learner is: the lesson and step their page shows (table {@code learner_position}, one row per learner, by hash). */
record LearnerPosition(String learnerHash, String lessonSlug, int step, Instant since, Instant seenAt) {

    static final String COLUMNS = "learner_hash, lesson_slug, step, since, seen_at";

    static LearnerPosition of(ResultSet rs) throws SQLException {
        return new LearnerPosition(rs.getString("learner_hash"), rs.getString("lesson_slug"), rs.getInt("step"),
                Database.instant(rs, "since"), Database.instant(rs, "seen_at"));
    }

    Position toPosition() {
        return new Position(lessonSlug, step, since, seenAt);
    }
}
