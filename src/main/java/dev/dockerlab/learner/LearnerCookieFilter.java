package dev.dockerlab.learner;

import java.time.Duration;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every browser that loads a page its learner cookie. The WebSocket upgrade, the API and
 * the static assets never issue one: a socket without a cookie is refused, not given a new identity.
 */
public class LearnerCookieFilter {

    static final Duration LIFETIME = Duration.ofDays(180);

    @RouteFilter(100)
    void issueCookie(RoutingContext context) {
        String path = context.normalizedPath();
        if (needsLearner(context.request().method(), path) && Learners.from(context.request()).isEmpty()) {
            LearnerId learner = LearnerId.generate();
            context.put(Learners.ISSUED, learner);
            // Lax, not Strict: a learner following a link to a lesson from elsewhere must keep their sandbox.
            Cookie cookie = Cookie.cookie(LearnerId.COOKIE, learner.value())
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX)
                    .setMaxAge(LIFETIME.toSeconds())
                    .setSecure(context.request().isSSL() || "https".equals(context.request().scheme()));
            context.response().addCookie(cookie);
        }
        context.next();
    }

    /** Only pages get a cookie: an API call without one is answered 403, not given a new identity. */
    private static boolean needsLearner(HttpMethod method, String path) {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && !(path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/assets/")
                        || path.startsWith("/webjars/") || path.equals("/terminal") || path.equals("/favicon.ico"));
    }
}
