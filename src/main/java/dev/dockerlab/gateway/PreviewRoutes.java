package dev.dockerlab.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.learner.Learners;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxAddresses;
import dev.dockerlab.sandbox.SandboxService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /preview/{port}/...}: HTTP and WebSocket to that port of the requesting learner's own
 * sandbox, nothing else. The learner comes from the cookie; the target is always that learner's
 * running sandbox's address on the sandbox network, as the engine tells it at the time of the
 * request, never the host or another sandbox. dockerlab's own cookie is not passed on, and the
 * previewed app cannot reach beyond {@code /preview/{port}/} in the browser ({@link PreviewScope}).
 */
@ApplicationScoped
public class PreviewRoutes {

    static final String PREFIX = "/preview/";
    private static final Pattern PATH = Pattern.compile("/preview/([0-9]{1,5})(/.*)?");

    private final SandboxService sandboxes;
    private final SandboxAddresses addresses;
    private final Forwarder forwarder;

    public PreviewRoutes(SandboxService sandboxes, SandboxAddresses addresses, Forwarder forwarder) {
        this.sandboxes = sandboxes;
        this.addresses = addresses;
        this.forwarder = forwarder;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(PATH.pattern()).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        Matcher m = PATH.matcher(context.normalizedPath());
        if (!m.matches()) {
            context.next();
            return;
        }
        int port = Integer.parseInt(m.group(1));
        if (port < 1 || port > 65535) {
            text(context, 404, "There is no port " + m.group(1) + ".");
            return;
        }
        Optional<LearnerId> learner = Learners.from(context);
        if (learner.isEmpty()) {
            text(context, 403, "Open a dockerlab page first: the preview shows your own sandbox only.");
            return;
        }
        Optional<Sandbox> sandbox = sandboxes.find(learner.get());
        if (sandbox.isEmpty()) {
            text(context, 404, "You have no sandbox yet: open a lesson and its terminal starts one.");
            return;
        }
        String rest = m.group(2);
        if (rest == null) {
            // relative links in the previewed page must resolve under the prefix
            String query = context.request().query();
            context.response().setStatusCode(302)
                    .putHeader(HttpHeaders.LOCATION, PREFIX + port + "/" + (query == null ? "" : "?" + query)).end();
            return;
        }
        String uri = context.request().uri();
        String upstreamUri = uri.substring(uri.indexOf('/', PREFIX.length()));
        context.request().pause();
        // asked of the engine each time: a cached address could be another learner's by now
        context.vertx().<Optional<String>>executeBlocking(() -> addresses.addressOf(sandbox.get()), false)
                .onComplete(result -> {
                    if (result.succeeded() && result.result().isPresent()) {
                        forward(context, result.result().get(), port, upstreamUri);
                    } else {
                        context.request().resume();
                        text(context, 404, "Your sandbox has no address right now: reload the lesson page.");
                    }
                });
    }

    private void forward(RoutingContext context, String address, int port, String uri) {
        String unreachable = "Nothing in your sandbox answers on port " + port + ". Start a server there, e.g."
                + " docker run -d -p " + port + ":80 nginx, then reload.";
        String prefix = PREFIX + port;
        context.request().headers().set("X-Forwarded-Prefix", prefix);
        context.request().headers().set("X-Forwarded-Host", String.valueOf(context.request().authority()));
        context.request().headers().set("X-Forwarded-Proto", context.request().scheme());
        withoutLearnerCookie(context);
        if (Forwarder.isWebSocketUpgrade(context.request())) {
            forwarder.webSocket(context, address, port, uri, name -> true, unreachable);
            return;
        }
        context.addHeadersEndHandler(v -> {
            rewriteLocation(context, address, port, prefix);
            PreviewScope.confine(context.response().headers(), prefix);
        });
        forwarder.http(context, address, port, uri, name -> true, name -> true, unreachable);
    }

    private static void withoutLearnerCookie(RoutingContext context) {
        String cookie = context.request().getHeader(HttpHeaders.COOKIE);
        if (cookie == null) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : cookie.split(";")) {
            String p = part.trim();
            if (!p.isEmpty() && !dev.dockerlab.learner.LearnerCookies.isLearnerCookie(p)) {
                kept.append(kept.isEmpty() ? "" : "; ").append(p);
            }
        }
        if (kept.isEmpty()) {
            context.request().headers().remove(HttpHeaders.COOKIE);
        } else {
            context.request().headers().set(HttpHeaders.COOKIE, kept.toString());
        }
    }

    /** A redirect to "/x" or "http://<sandbox>:<port>/x" from the app stays inside the preview. */
    private static void rewriteLocation(RoutingContext context, String address, int port, String prefix) {
        String location = context.response().headers().get(HttpHeaders.LOCATION);
        if (location == null) {
            return;
        }
        String direct = "http://" + address + ":" + port;
        if (location.startsWith(direct)) {
            location = location.substring(direct.length());
            location = location.isEmpty() ? "/" : location;
        }
        if (location.startsWith("/") && !location.startsWith("//") && !location.startsWith(prefix + "/")) {
            context.response().headers().set(HttpHeaders.LOCATION, prefix + location);
        }
    }

    private static void text(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(message);
    }
}
