package dev.dockerlab.web;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.LearnerWrite;
import dev.dockerlab.learner.RateLimiter;
import dev.dockerlab.learner.TooManyRequestsException;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxConfig;
import dev.dockerlab.sandbox.SandboxService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.ext.web.RoutingContext;

/** The learner's own sandbox: its status, and "reset my sandbox". The learner comes from the cookie. */
@Path("/api/sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {

    public record Status(Instant createdAt, Instant expiresAt, Instant lastActivity, long idleTimeoutSeconds) {
    }

    public record Reset(boolean removed, String message) {
    }

    private final SandboxService sandboxes;
    private final SandboxConfig config;
    /** Resets per learner: each one removes and makes a container, work for the engine. */
    private final RateLimiter resets;

    public SandboxResource(SandboxService sandboxes, SandboxConfig config) {
        this.sandboxes = sandboxes;
        this.config = config;
        this.resets = new RateLimiter(config.resetsPerMinute());
    }

    @GET
    public Response status(RoutingContext context) {
        LearnerId learner = Learners.require(context);
        return sandboxes.find(learner)
                .map(s -> Response.ok(status(learner, s)).build())
                .orElseGet(() -> ApiError.response(Response.Status.NOT_FOUND,
                        "You have no sandbox yet: open a lesson and its terminal starts one."));
    }

    @POST
    @Path("reset")
    @LearnerWrite
    @RunOnVirtualThread
    public Response reset(RoutingContext context) {
        LearnerId learner = Learners.require(context);
        if (!resets.tryTake(learner.hash())) {
            throw new TooManyRequestsException("You reset your sandbox " + resets.perMinute() + " times in the last minute,"
                    + " the most allowed. Wait a moment and try again.", resets.retryAfterSeconds());
        }
        boolean removed = sandboxes.reset(learner);
        return Response.ok(new Reset(removed, removed
                ? "Your sandbox was thrown away; the terminal starts a fresh one."
                : "You had no sandbox; the terminal starts a fresh one.")).build();
    }

    private Status status(LearnerId learner, Sandbox sandbox) {
        return new Status(sandbox.createdAt(), sandbox.createdAt().plus(config.maxLifetime()),
                sandboxes.lastActivity(learner).orElse(null), config.idleTimeout().toSeconds());
    }
}
