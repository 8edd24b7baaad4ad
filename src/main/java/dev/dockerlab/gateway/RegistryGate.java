package dev.dockerlab.gateway;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxAddresses;
import dev.dockerlab.sandbox.SandboxProfiles;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /v2/...}: the image registry as the learners' Docker engines see it (their mirror and
 * their push target). Only sandboxes may use it, each known by the address its request comes
 * from. Lesson images ({@code library/nginx}, ...) are read-only and come from the mirror
 * registry; {@code <learner hash>/...} is that learner's own space in the push registry, which
 * nobody else can read or write. Both registries listen on 127.0.0.1 only.
 */
@ApplicationScoped
public class RegistryGate {

    private static final Pattern OWN_SPACE = Pattern.compile("[0-9a-f]{16}");
    /** Repository names, tags, digests and upload ids as the registry API has them, nothing encoded. */
    private static final Pattern REGISTRY_PATH = Pattern.compile("/v2/?|/v2(/[A-Za-z0-9_:+-][A-Za-z0-9._:+-]*)+/?");

    private static final Logger LOG = Logger.getLogger(RegistryGate.class);

    private final SandboxAddresses addresses;
    private final Forwarder forwarder;
    private final SandboxProfiles profiles;
    private final SandboxService sandboxes;
    private final URI mirror;
    private final URI push;
    /** A random port (tests) is never used again: its firewall opening goes when the server stops. */
    private final boolean removeRuleOnStop;
    private volatile HttpServer server;
    private volatile int port;
    private volatile String address;

    public RegistryGate(SandboxAddresses addresses, Forwarder forwarder, SandboxProfiles profiles, SandboxService sandboxes) {
        this.addresses = addresses;
        this.forwarder = forwarder;
        this.profiles = profiles;
        this.sandboxes = sandboxes;
        this.removeRuleOnStop = profiles.docker().gatePort() == 0;
        this.mirror = URI.create(profiles.docker().mirrorUrl());
        this.push = URI.create(profiles.docker().pushUrl());
    }

    /**
     * Its own listener on the sandbox network's gateway address, not the server's port: sandboxes
     * may connect to this port of the host and to no other (see HostFirewall).
     */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event, Vertx vertx) {
        Router router = Router.router(vertx);
        router.routeWithRegex("/v2(/.*)?").handler(this::handle);
        router.route().handler(c -> denied(c, 404, "Only the registry API (/v2/) is served here."));
        String host = bindAddress();
        server = vertx.createHttpServer().requestHandler(router);
        try {
            server.listen(profiles.docker().gatePort(), host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("The registry gate could not listen on %s:%d (%s): Docker-enabled sandboxes cannot pull lesson images."
                    + " Free that port or set dockerlab.docker.gate-port.", host, profiles.docker().gatePort(), e.getMessage());
            return;
        }
        port = server.actualPort();
        address = host;
        profiles.gateListening(port);
        sandboxes.openHostPort(address, port, true);
        LOG.infof("Registry gate for the sandboxes' Docker engines on %s:%d", host, port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            if (removeRuleOnStop) {
                sandboxes.openHostPort(address, port, false);
            }
            server.close();
        }
    }

    private String bindAddress() {
        try {
            return profiles.gateway();
        } catch (RuntimeException e) {
            return "0.0.0.0";
        }
    }

    private void handle(RoutingContext context) {
        context.request().pause();
        String from = context.request().remoteAddress() == null ? "" : context.request().remoteAddress().host();
        context.vertx().<Optional<Sandbox>>executeBlocking(() -> addresses.sandboxAt(from))
                .onComplete(result -> {
                    if (result.failed() || result.result().isEmpty()) {
                        context.request().resume();
                        denied(context, 403, "This registry serves dockerlab's sandboxes only.");
                        return;
                    }
                    route(context, result.result().get());
                });
    }

    private void route(RoutingContext context, Sandbox sandbox) {
        String path = context.normalizedPath();
        if (!REGISTRY_PATH.matcher(context.request().path()).matches() || !path.equals(context.request().path())) {
            // what is checked here must be what the registry reads: no encoded or dot segments
            context.request().resume();
            denied(context, 400, "Not a registry path.");
            return;
        }
        String rest = path.length() <= 4 ? "" : path.substring(4); // after "/v2/"
        String first = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String ownPrefix = "$DOCKERLAB_PUSH_PREFIX (" + sandbox.learnerHash() + ")";
        if ("_catalog".equals(first)) {
            context.request().resume();
            denied(context, 403, "The list of repositories is not public.");
            return;
        }
        if (OWN_SPACE.matcher(first).matches()) {
            if (!first.equals(sandbox.learnerHash())) {
                context.request().resume();
                denied(context, 403, "That is another learner's space. Push and pull your own images under " + ownPrefix + ".");
                return;
            }
            forward(context, push);
            return;
        }
        HttpMethod method = context.request().method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            context.request().resume();
            denied(context, 403, "The lesson images are read-only. Push under your own name:"
                    + " docker tag IMAGE $DOCKERLAB_PUSH_PREFIX/NAME && docker push $DOCKERLAB_PUSH_PREFIX/NAME");
            return;
        }
        forward(context, mirror);
    }

    private void forward(RoutingContext context, URI registry) {
        forwarder.http(context, registry.getHost(), registry.getPort(), context.request().uri(),
                name -> !"cookie".equals(name) && !"authorization".equals(name), name -> true,
                "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"dockerlab's registry does not answer:"
                        + " an operator must run deploy/setup.sh\"}]}");
    }

    /** In the registry's own error format, so the docker client prints the message. */
    private static void denied(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + message.replace("\"", "'") + "\"}]}");
    }
}
