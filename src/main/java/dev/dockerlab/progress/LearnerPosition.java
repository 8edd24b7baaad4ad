package dev.dockerlab.progress;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where one learner is: the lesson and step their page shows. One row per learner, by hash. */
@Entity
@Table(name = "learner_position")
class LearnerPosition {

    @Id
    @Column(name = "learner_hash", nullable = false, length = 16)
    String learnerHash;

    @Column(name = "lesson_slug", nullable = false, length = 200)
    String lessonSlug;

    @Column(name = "step", nullable = false)
    int step;

    @Column(name = "since", nullable = false)
    Instant since;

    @Column(name = "seen_at", nullable = false)
    Instant seenAt;

    protected LearnerPosition() {
        // for Hibernate
    }

    LearnerPosition(String learnerHash, String lessonSlug, int step, Instant now) {
        this.learnerHash = learnerHash;
        this.lessonSlug = lessonSlug;
        this.step = step;
        this.since = now;
        this.seenAt = now;
    }
}
