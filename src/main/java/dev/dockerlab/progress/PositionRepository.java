package dev.dockerlab.progress;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.db.Database;

/** Learners' positions in the database, one row per learner. */
@ApplicationScoped
class PositionRepository {

    private static final String SELECT = "select " + LearnerPosition.COLUMNS + " from learner_position";

    private final Database db;

    PositionRepository(Database db) {
        this.db = db;
    }

    Optional<LearnerPosition> of(String learnerHash) {
        return db.first(SELECT + " where learner_hash = ?", LearnerPosition::of, learnerHash);
    }

    List<LearnerPosition> of(Collection<String> learnerHashes) {
        return learnerHashes.isEmpty() ? List.of()
                : db.list(SELECT + " where learner_hash in (" + Database.placeholders(learnerHashes) + ")", LearnerPosition::of,
                        learnerHashes.toArray());
    }

    void add(LearnerPosition p) {
        db.update("insert into learner_position (" + LearnerPosition.COLUMNS + ") values (?, ?, ?, ?, ?)", p.learnerHash(),
                p.lessonSlug(), p.step(), p.since(), p.seenAt());
    }

    void update(LearnerPosition p) {
        db.update("update learner_position set lesson_slug = ?, step = ?, since = ?, seen_at = ? where learner_hash = ?",
                p.lessonSlug(), p.step(), p.since(), p.seenAt(), p.learnerHash());
    }
}
