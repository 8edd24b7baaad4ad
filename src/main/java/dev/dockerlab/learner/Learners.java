package dev.dockerlab.learner;

import java.util.Optional;

import io.vertx.ext.web.RoutingContext;

/** The learner of a request, as {@link LearnerCookieFilter} found (or issued) it. */
public final class Learners {

    /** Where the filter leaves the request's verified learner. */
    static final String LEARNER = "dockerlab.learner";

    private Learners() {
    }

    public static Optional<LearnerId> from(RoutingContext context) {
        return Optional.ofNullable(context.get(LEARNER));
    }

    public static LearnerId require(RoutingContext context) {
        return from(context).orElseThrow(NoLearnerException::new);
    }
}
