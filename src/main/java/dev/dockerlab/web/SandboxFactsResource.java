package dev.dockerlab.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.sandbox.SandboxFacts;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/sandbox/facts}: what is under the hood of the learner's own sandbox (docs/api.md). */
@Path("/api/sandbox/facts")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxFactsResource {

    private final SandboxService sandboxes;
    private final SandboxFacts facts;

    public SandboxFactsResource(SandboxService sandboxes, SandboxFacts facts) {
        this.sandboxes = sandboxes;
        this.facts = facts;
    }

    @GET
    @RunOnVirtualThread
    public Response facts(RoutingContext context) {
        LearnerId learner = Learners.require(context);
        return sandboxes.find(learner)
                .map(s -> Response.ok(facts.of(s, sandboxes.profileOf(learner).orElse(SandboxProfile.PLAIN))).build())
                .orElseGet(() -> ApiError.response(Response.Status.NOT_FOUND,
                        "You have no sandbox yet: open a lesson and its terminal starts one."));
    }
}
