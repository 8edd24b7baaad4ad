package dev.dockerlab.progress;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
class PositionRepository implements PanacheRepositoryBase<LearnerPosition, String> {

    List<LearnerPosition> of(Collection<String> learnerHashes) {
        return learnerHashes.isEmpty() ? List.of() : list("learnerHash in ?1", learnerHashes);
    }
}
