package dev.dockerlab.classroom;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
class MemberRepository implements PanacheRepository<MemberRow> {

    List<MemberRow> of(String workshopId) {
        return list("workshopId", Sort.by("joinedAt").and("id"), workshopId);
    }

    // not find/count: those names would overload Panache's find(query, params...) and call themselves
    MemberRow member(String workshopId, String learnerHash) {
        return find("workshopId = ?1 and learnerHash = ?2", workshopId, learnerHash).firstResult();
    }

    /** The learner's memberships, the latest join first. */
    List<MemberRow> ofLearner(String learnerHash) {
        return list("learnerHash", Sort.descending("joinedAt").and("id", Sort.Direction.Descending), learnerHash);
    }

    long countIn(String workshopId) {
        return count("workshopId", workshopId);
    }
}
