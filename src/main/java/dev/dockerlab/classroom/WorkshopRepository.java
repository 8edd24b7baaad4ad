package dev.dockerlab.classroom;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.db.Database;

/** Workshops in the database (table {@code workshop}, V2__workshops.sql). */
@ApplicationScoped
class WorkshopRepository {

    private static final String COLUMNS = "id, code, name, lessons, instructor_id, instructor_name, created_at, starts_at,"
            + " ends_at, closing_at, closed_at";
    private static final String SELECT = "select " + COLUMNS + " from workshop";

    private final Database db;

    WorkshopRepository(Database db) {
        this.db = db;
    }

    /** False until the database's schema is up to date (just after a start). */
    boolean ready() {
        return db.ready();
    }

    void add(Workshop w) {
        db.update("insert into workshop (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", w.id(), w.code(), w.name(),
                // the slugs, one per line
                String.join("\n", w.lessons()), w.instructorId(), w.instructorName(), w.createdAt(), w.startsAt(), w.endsAt(),
                w.closingAt(), w.closedAt());
    }

    Optional<Workshop> byId(String id) {
        return db.first(SELECT + " where id = ?", WorkshopRepository::workshop, id);
    }

    Optional<Workshop> byCode(String code) {
        return db.first(SELECT + " where code = ?", WorkshopRepository::workshop, code);
    }

    /** The instructor's workshops, the newest first. */
    List<Workshop> byInstructor(String instructorId) {
        return db.list(SELECT + " where instructor_id = ? order by created_at desc", WorkshopRepository::workshop, instructorId);
    }

    List<Workshop> dueToClose(Instant now) {
        return db.list(SELECT + " where closing_at <= ? and closed_at is null", WorkshopRepository::workshop, now);
    }

    void closingAt(String id, Instant at) {
        db.update("update workshop set closing_at = ? where id = ?", at, id);
    }

    void closedAt(String id, Instant at) {
        db.update("update workshop set closed_at = ? where id = ?", at, id);
    }

    private static Workshop workshop(ResultSet rs) throws SQLException {
        String lessons = rs.getString("lessons");
        return new Workshop(rs.getString("id"), rs.getString("code"), rs.getString("name"),
                lessons.isEmpty() ? List.of() : Arrays.asList(lessons.split("\n")), rs.getString("instructor_id"),
                rs.getString("instructor_name"), Database.instant(rs, "created_at"), Database.instant(rs, "starts_at"),
                Database.instant(rs, "ends_at"), Database.instant(rs, "closing_at"), Database.instant(rs, "closed_at"));
    }
}
