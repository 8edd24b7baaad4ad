package dev.dockerlab.progress;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.db.Database;

/** Finished steps in the database, the oldest first. */
@ApplicationScoped
class ProgressRepository {

    private static final String SELECT = "select " + StepDone.COLUMNS + " from step_done";

    private final Database db;

    ProgressRepository(Database db) {
        this.db = db;
    }

    List<StepDone> byLearner(String learnerHash) {
        return db.list(SELECT + " where learner_hash = ? order by done_at, step", StepDone::of, learnerHash);
    }

    List<StepDone> byLearners(Collection<String> learnerHashes) {
        return learnerHashes.isEmpty() ? List.of()
                : db.list(SELECT + " where learner_hash in (" + Database.placeholders(learnerHashes) + ") order by done_at, step",
                        StepDone::of, learnerHashes.toArray());
    }

    boolean exists(String learnerHash, String lessonSlug, int step) {
        return db.number("select count(*) from step_done where learner_hash = ? and lesson_slug = ? and step = ?",
                learnerHash, lessonSlug, step) > 0;
    }

    void add(StepDone done) {
        db.update("insert into step_done (" + StepDone.COLUMNS + ") values (?, ?, ?, ?)", done.learnerHash(),
                done.lessonSlug(), done.step(), done.doneAt());
    }
}
