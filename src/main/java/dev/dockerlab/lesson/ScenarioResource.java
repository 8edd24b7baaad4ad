package dev.dockerlab.lesson;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.LearnerWrite;
import dev.dockerlab.learner.Learners;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/lessons/{slug}/scripts/{stage}} ({@code intro}, a step number, {@code finish}):
 * the learner from the cookie, the scripts from the scenario's files, never from the request.
 */
@Path("/api/lessons/{slug}/scripts/{stage}")
@Produces(MediaType.APPLICATION_JSON)
public class ScenarioResource {

    private final ScenarioService scenarios;

    public ScenarioResource(ScenarioService scenarios) {
        this.scenarios = scenarios;
    }

    @POST
    @LearnerWrite
    @RunOnVirtualThread
    public ScenarioService.Result reach(@PathParam("slug") String slug, @PathParam("stage") String stage,
            RoutingContext context) {
        LearnerId learner = Learners.require(context);
        return scenarios.reach(learner, slug, stage);
    }
}
