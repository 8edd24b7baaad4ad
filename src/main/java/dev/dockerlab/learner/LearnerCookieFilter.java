package dev.dockerlab.learner;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the learner of every request once, from a cookie this server signed, and gives every
 * browser that loads a page without one a new cookie. The WebSocket upgrade, the API and the
 * static assets never issue one: a request without a valid cookie there is refused, not given a
 * new identity (and so never a sandbox).
 */
public class LearnerCookieFilter {

    private final LearnerCookies cookies;

    public LearnerCookieFilter(LearnerCookies cookies) {
        this.cookies = cookies;
    }

    @RouteFilter(100)
    void issueCookie(RoutingContext context) {
        var learner = cookies.from(context.request());
        if (learner.isPresent()) {
            context.put(Learners.LEARNER, learner.get());
        } else if (needsLearner(context.request().method(), context.normalizedPath()) && !isUpgrade(context.request())) {
            LearnerCookies.Issued issued = cookies.issue(LearnerCookies.isSecure(context.request()));
            context.put(Learners.LEARNER, issued.learner());
            context.response().addCookie(issued.cookie());
        }
        context.next();
    }

    /**
     * A WebSocket upgrade (any socket: {@code /terminal}, the classroom's, a preview's) is a GET to
     * a path like a page's, but a socket without a learner is refused, never given one.
     */
    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Only pages get a cookie: an API call without one is answered 403, not given a new identity. */
    private static boolean needsLearner(HttpMethod method, String path) {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && !(path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/assets/")
                        || path.startsWith("/webjars/") || path.startsWith("/v/") || path.equals("/terminal") || path.equals("/favicon.ico"));
    }
}
