package dev.dockerlab.classroom;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.db.Database;

/** Who joined which workshop (table {@code workshop_member}): learners by hash, never the cookie. */
@ApplicationScoped
class MemberRepository {

    private static final String SELECT = "select learner_hash, name, joined_at from workshop_member";

    private final Database db;

    MemberRepository(Database db) {
        this.db = db;
    }

    /** The workshop's members, in the order they joined. */
    List<Member> of(String workshopId) {
        return db.list(SELECT + " where workshop_id = ? order by joined_at, id", MemberRepository::member, workshopId);
    }

    Optional<Member> member(String workshopId, String learnerHash) {
        return db.first(SELECT + " where workshop_id = ? and learner_hash = ?", MemberRepository::member, workshopId, learnerHash);
    }

    /** The workshops the learner joined, the latest join first. */
    List<String> workshopsOf(String learnerHash) {
        return db.list("select workshop_id from workshop_member where learner_hash = ? order by joined_at desc, id desc",
                rs -> rs.getString(1), learnerHash);
    }

    long countIn(String workshopId) {
        return db.number("select count(*) from workshop_member where workshop_id = ?", workshopId);
    }

    void add(String workshopId, String learnerHash, String name, Instant joinedAt) {
        db.update("insert into workshop_member (workshop_id, learner_hash, name, joined_at) values (?, ?, ?, ?)", workshopId,
                learnerHash, name, joinedAt);
    }

    /** A join again: the new name, and this becomes the learner's latest workshop. */
    void rejoin(String workshopId, String learnerHash, String name, Instant joinedAt) {
        db.update("update workshop_member set name = ?, joined_at = ? where workshop_id = ? and learner_hash = ?", name, joinedAt,
                workshopId, learnerHash);
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(rs.getString("learner_hash"), rs.getString("name"), Database.instant(rs, "joined_at"));
    }
}
