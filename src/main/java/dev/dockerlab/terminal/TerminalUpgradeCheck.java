package dev.dockerlab.terminal;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dockerlab.learner.Learners;
import dev.dockerlab.learner.OriginPolicy;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses the upgrade to {@code /terminal} with 403, before any WebSocket exists, unless the
 * request carries a learner cookie and comes from the server's own origin. This is what stops
 * another site from opening a learner's terminal with the learner's cookie.
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(TerminalUpgradeCheck.class);

    private final OriginPolicy origins;

    public TerminalUpgradeCheck(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TerminalSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.debugf("Refused terminal upgrade from origin %s", origin);
            return CheckResult.rejectUpgrade(403);
        }
        if (Learners.from(request).isEmpty()) {
            return CheckResult.rejectUpgrade(403);
        }
        return CheckResult.permitUpgrade();
    }
}
