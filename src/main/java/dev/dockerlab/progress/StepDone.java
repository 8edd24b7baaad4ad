package dev.dockerlab.progress;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One finished step of one learner. The learner is their hash ({@code LearnerId.hash()}), never
 * the cookie: a leaked database cannot be replayed as someone's identity.
 */
@Entity
@Table(name = "step_done")
public class StepDone {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "learner_hash", nullable = false, length = 16)
    String learnerHash;

    @Column(name = "lesson_slug", nullable = false, length = 200)
    String lessonSlug;

    @Column(name = "step", nullable = false)
    int step;

    @Column(name = "done_at", nullable = false)
    Instant doneAt;

    protected StepDone() {
        // for Hibernate
    }

    StepDone(String learnerHash, String lessonSlug, int step, Instant doneAt) {
        this.learnerHash = learnerHash;
        this.lessonSlug = lessonSlug;
        this.step = step;
        this.doneAt = doneAt;
    }
}
