package dev.dockerlab.lesson;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.OriginPolicy;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/lessons/{slug}/steps/{n}/check}: the learner from the cookie, the command from the lesson. */
@Path("/api/lessons/{slug}/steps/{step}/check")
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    private final CheckService checks;
    private final OriginPolicy origins;

    public CheckResource(CheckService checks, OriginPolicy origins) {
        this.checks = checks;
        this.origins = origins;
    }

    @POST
    @RunOnVirtualThread
    public Response check(@PathParam("slug") String slug, @PathParam("step") String step, RoutingContext context) {
        LearnerId learner = Learners.require(context);
        String origin = context.request().getHeader("Origin");
        if (origin != null && !origins.allows(origin, context.request().getHeader("Host"))) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity(new Error("Checks may only be run from dockerlab's own pages.")).build();
        }
        return Response.ok(checks.check(learner, slug, step, Languages.of(context))).build();
    }

    record Error(String message) {
    }
}
