package dev.dockerlab.lesson;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.i18n.Languages;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.LearnerWrite;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/lessons/{slug}/steps/{n}/check}: the learner from the cookie, the command from the lesson. */
@Path("/api/lessons/{slug}/steps/{step}/check")
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    private final CheckService checks;

    public CheckResource(CheckService checks) {
        this.checks = checks;
    }

    @POST
    @LearnerWrite
    @RunOnVirtualThread
    public CheckService.Result check(@PathParam("slug") String slug, @PathParam("step") String step, RoutingContext context) {
        LearnerId learner = Learners.require(context);
        return checks.check(learner, slug, step, Languages.of(context));
    }
}
