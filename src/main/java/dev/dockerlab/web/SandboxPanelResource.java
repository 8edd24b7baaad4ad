package dev.dockerlab.web;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.sandbox.PanelFacts.Section;
import dev.dockerlab.sandbox.PanelFeed;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/sandbox/panel?section=...}: the "under the hood" panel's push channel, a stream
 * of server-sent events about the learner's own sandbox while the panel is open (docs/api.md).
 */
@Path("/api/sandbox/panel")
public class SandboxPanelResource {

    private final SandboxService sandboxes;
    private final PanelFeed panels;

    public SandboxPanelResource(SandboxService sandboxes, PanelFeed panels) {
        this.sandboxes = sandboxes;
        this.panels = panels;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<PanelFeed.Update> panel(@QueryParam("section") String section, RoutingContext context) {
        LearnerId learner = Learners.require(context);
        Section asked = Section.of(section).orElseThrow(() -> new UnknownSectionException(section));
        Sandbox sandbox = sandboxes.find(learner).orElseThrow(NoPanelSandboxException::new);
        PanelFeed.Feed feed = panels.open(sandbox, sandboxes.profileOf(learner).orElse(SandboxProfile.PLAIN), asked);
        return Multi.createFrom().<PanelFeed.Update>emitter(emitter -> {
            emitter.onTermination(feed::close);
            feed.start(emitter::emit, reason -> {
                emitter.emit(new PanelFeed.Update("ended", Map.of("message", reason)));
                emitter.complete();
            });
        });
    }
}
