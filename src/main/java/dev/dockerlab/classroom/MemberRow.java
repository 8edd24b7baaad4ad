package dev.dockerlab.classroom;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A learner in a workshop, as the database keeps it: by hash, never the cookie. */
@Entity
@Table(name = "workshop_member")
class MemberRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "workshop_id", nullable = false, length = 32)
    String workshopId;

    @Column(name = "learner_hash", nullable = false, length = 16)
    String learnerHash;

    @Column(name = "name", nullable = false, length = 100)
    String name;

    @Column(name = "joined_at", nullable = false)
    Instant joinedAt;

    protected MemberRow() {
        // for Hibernate
    }

    MemberRow(String workshopId, String learnerHash, String name, Instant joinedAt) {
        this.workshopId = workshopId;
        this.learnerHash = learnerHash;
        this.name = name;
        this.joinedAt = joinedAt;
    }

    Member toMember() {
        return new Member(learnerHash, name, joinedAt);
    }
}
