package dev.dockerlab.terminal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.dockerlab.learner.LearnerCookies;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.OriginPolicy;
import dev.dockerlab.log.LogText;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses the upgrade to {@code /terminal} before any WebSocket exists: 403 unless the request
 * carries a learner cookie this server signed and comes from the server's own origin (what stops
 * another site from opening a learner's terminal with the learner's cookie, and a made-up cookie
 * from getting a sandbox); 429 when its address opened too many terminals this minute. The
 * learner and address it found travel to the socket in the connection's user data.
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(TerminalUpgradeCheck.class);

    static final UserData.TypedKey<LearnerId> LEARNER = new UserData.TypedKey<>("dockerlab.learner");
    static final UserData.TypedKey<String> ADDRESS = UserData.TypedKey.forString("dockerlab.address");

    private final OriginPolicy origins;
    private final LearnerCookies cookies;
    private final TerminalLimits limits;

    public TerminalUpgradeCheck(OriginPolicy origins, LearnerCookies cookies, TerminalLimits limits) {
        this.origins = origins;
        this.cookies = cookies;
        this.limits = limits;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TerminalSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String origin = request.getHeader("Origin");
        if (!origins.allows(request)) {
            LOG.debugf("Refused terminal upgrade from origin %s", LogText.of(origin));
            return CheckResult.rejectUpgrade(403);
        }
        Optional<LearnerId> learner = cookies.from(request);
        if (learner.isEmpty()) {
            return CheckResult.rejectUpgrade(403);
        }
        String address = addressOf(request);
        if (!limits.allowUpgrade(address)) {
            LOG.debugf("Refused terminal upgrade from %s: too many this minute", address);
            return CheckResult.rejectUpgrade(429,
                    Map.of("Retry-After", List.of(String.valueOf(limits.upgradeRetryAfterSeconds()))));
        }
        context.userData().put(LEARNER, learner.get());
        context.userData().put(ADDRESS, address);
        return CheckResult.permitUpgrade();
    }

    /** The client's address: the proxy's X-Forwarded-For only where quarkus.http.proxy.* trusts it. */
    private static String addressOf(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
