package dev.dockerlab.progress;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
class ProgressRepository implements PanacheRepository<StepDone> {

    List<StepDone> byLearner(String learnerHash) {
        return list("learnerHash", Sort.by("doneAt").and("step"), learnerHash);
    }

    List<StepDone> byLearners(Collection<String> learnerHashes) {
        return learnerHashes.isEmpty() ? List.of()
                : list("learnerHash in ?1", Sort.by("doneAt").and("step"), learnerHashes);
    }

    boolean exists(String learnerHash, String lessonSlug, int step) {
        return count("learnerHash = ?1 and lessonSlug = ?2 and step = ?3", learnerHash, lessonSlug, step) > 0;
    }
}
