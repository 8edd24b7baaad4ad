package dev.dockerlab.classroom;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
class WorkshopRepository implements PanacheRepositoryBase<WorkshopRow, String> {

    WorkshopRow byCode(String code) {
        return find("code", code).firstResult();
    }

    List<WorkshopRow> byInstructor(String instructorId) {
        return list("instructorId", Sort.descending("createdAt"), instructorId);
    }

    List<WorkshopRow> dueToClose(Instant now) {
        return list("closingAt <= ?1 and closedAt is null", now);
    }
}
