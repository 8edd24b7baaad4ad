package dev.dockerlab.learner;

import java.util.Optional;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** Reads the learner from a request: the cookie, or the one the cookie filter just issued. */
public final class Learners {

    /** Where {@link LearnerCookieFilter} leaves a freshly issued id for the rest of the request. */
    static final String ISSUED = "dockerlab.learner.issued";

    private Learners() {
    }

    public static Optional<LearnerId> from(RoutingContext context) {
        LearnerId issued = context.get(ISSUED);
        if (issued != null) {
            return Optional.of(issued);
        }
        return from(context.request());
    }

    public static Optional<LearnerId> from(HttpServerRequest request) {
        Cookie cookie = request.getCookie(LearnerId.COOKIE);
        return cookie == null ? Optional.empty() : LearnerId.parse(cookie.getValue());
    }

    public static LearnerId require(RoutingContext context) {
        return from(context).orElseThrow(NoLearnerException::new);
    }
}
