package dev.dockerlab.learner;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import io.vertx.ext.web.RoutingContext;

/**
 * The one gate of every {@link LearnerWrite} endpoint: the learner's cookie first (else
 * {@link NoLearnerException}), then the page it came from (else {@link ForeignOriginException});
 * both are answered 403 where exceptions become HTTP answers.
 */
@Provider
@LearnerWrite
@Priority(Priorities.AUTHORIZATION)
public class LearnerWriteFilter implements ContainerRequestFilter {

    private final OriginPolicy origins;
    /** The request's own (a request-scoped proxy): where {@link LearnerCookieFilter} left the learner. */
    private final RoutingContext routing;

    public LearnerWriteFilter(OriginPolicy origins, RoutingContext routing) {
        this.origins = origins;
        this.routing = routing;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Learners.require(routing);
        if (!origins.allowsRequest(routing.request())) {
            throw new ForeignOriginException();
        }
    }
}
