package dev.dockerlab.classroom;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workshop as the database keeps it (V2__workshops.sql). */
@Entity
@Table(name = "workshop")
class WorkshopRow {

    @Id
    @Column(name = "id", nullable = false, length = 32)
    String id;

    @Column(name = "code", nullable = false, length = 16)
    String code;

    @Column(name = "name", nullable = false, length = 200)
    String name;

    /** Slugs separated by new lines. */
    @Column(name = "lessons", nullable = false, length = 4000)
    String lessons;

    @Column(name = "instructor_id", nullable = false, length = 200)
    String instructorId;

    @Column(name = "instructor_name", nullable = false, length = 200)
    String instructorName;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "starts_at")
    Instant startsAt;

    @Column(name = "ends_at")
    Instant endsAt;

    @Column(name = "closing_at")
    Instant closingAt;

    @Column(name = "closed_at")
    Instant closedAt;

    protected WorkshopRow() {
        // for Hibernate
    }

    WorkshopRow(String id, String code, String name, List<String> lessons, Instructor instructor, Instant createdAt,
            Instant startsAt, Instant endsAt) {
        this.id = id;
        this.code = code;
        this.name = name;
        this.lessons = String.join("\n", lessons);
        this.instructorId = instructor.id();
        this.instructorName = instructor.name();
        this.createdAt = createdAt;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
    }

    Workshop toWorkshop() {
        List<String> slugs = lessons.isEmpty() ? List.of() : Arrays.asList(lessons.split("\n"));
        return new Workshop(id, code, name, slugs, instructorId, instructorName, createdAt, startsAt, endsAt, closingAt,
                closedAt);
    }
}
