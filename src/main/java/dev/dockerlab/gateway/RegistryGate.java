package dev.dockerlab.gateway;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxAddresses;
import dev.dockerlab.sandbox.SandboxNetworkReady;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxProfiles;
import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /v2/...}: the image registry as the learners' Docker engines see it (their mirror and
 * their push target). Only Docker-enabled sandboxes may use it, each known by the address its
 * connection comes from, as the sandbox network says at the time it connects. Lesson images
 * ({@code library/nginx}, ...) are read-only and come from the mirror registry;
 * {@code <learner hash>/...} is that learner's own space in the push registry, which nobody else
 * can read or write, up to the push quota. Both registries listen on 127.0.0.1 only. Connections
 * are bounded per sandbox and in all, and closed when idle.
 */
@ApplicationScoped
public class RegistryGate {

    private static final Pattern OWN_SPACE = Pattern.compile("[0-9a-f]{16}");
    /** Repository names, tags, digests and upload ids as the registry API has them, nothing encoded. */
    private static final Pattern REGISTRY_PATH = Pattern.compile("/v2/?|/v2(/[A-Za-z0-9_:+-][A-Za-z0-9._:+-]*)+/?");

    /**
     * The query parameters of the registry API (upload state, digest, paging, cross-repository
     * mount): nothing else reaches the registries.
     */
    private static final Set<String> REGISTRY_PARAMETERS = Set.of("_state", "digest", "n", "last", "mount", "from");
    /** A source found not to be a Docker-enabled sandbox is answered without asking the engine again for this long. */
    private static final long REFUSAL_MEMORY_MILLIS = 5000;

    private static final Logger LOG = Logger.getLogger(RegistryGate.class);

    private final SandboxAddresses addresses;
    private final Forwarder forwarder;
    private final SandboxProfiles profiles;
    private final SandboxService sandboxes;
    private final DockerProfileConfig config;
    private final URI mirror;
    private final URI push;
    /** A random port (tests) is never used again: its firewall opening goes when the server stops. */
    private final boolean removeRuleOnStop;
    private final GateConnections connections;
    private final PushQuota quota;
    private final PushedImages pushed;
    /** Whose sandbox each open connection comes from, resolved once as it opens. */
    private final Map<HttpConnection, Future<Optional<Sandbox>>> callers = new ConcurrentHashMap<>();
    /** Sources lately found to be no Docker-enabled sandbox, until when that answer holds. */
    private final Map<String, Long> refused = new ConcurrentHashMap<>();
    private volatile HttpServer server;
    /** Set by the stop; a start that comes after it (the set-up was still at work) does not listen. */
    private boolean stopped;
    private volatile int port;
    private volatile String address;

    public RegistryGate(SandboxAddresses addresses, Forwarder forwarder, SandboxProfiles profiles, SandboxService sandboxes,
            DockerProfileConfig config) {
        this.addresses = addresses;
        this.forwarder = forwarder;
        this.profiles = profiles;
        this.sandboxes = sandboxes;
        this.config = config;
        this.removeRuleOnStop = config.gatePort() == 0;
        this.mirror = URI.create(config.mirrorUrl());
        this.push = URI.create(config.pushUrl());
        this.connections = new GateConnections(config.gateMaxConnectionsPerSandbox(),
                config.gateMaxConnectionsTotal());
        this.quota = new PushQuota(config.pushQuota().asLongValue());
        this.pushed = new PushedImages(push);
    }

    /**
     * Its own listener on the sandbox network's gateway address, not the server's port: sandboxes
     * may connect to this port of the host and to no other (see HostFirewall). Started when the
     * sandbox layer says its network is there, whatever order the startup observers run in. The
     * start and the stop take turns, so a stop during the set-up leaves no opening behind.
     */
    synchronized void start(@Observes SandboxNetworkReady network, Vertx vertx) {
        if (stopped) {
            return;
        }
        Router router = Router.router(vertx);
        router.routeWithRegex("/v2(/.*)?").handler(this::handle);
        router.route().handler(c -> denied(c, 404, "Only the registry API (/v2/) is served here."));
        String host = network.hostAddress().orElse("0.0.0.0");
        // HTTP/1.1 only, as registry clients speak it: with cleartext HTTP/2 on, Vert.x waits for a
        // connection's first bytes before it sets the connection up, so one that sends nothing
        // reaches neither the connection limit below nor the idle timeout, and is held for ever.
        var options = new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.max(1, config.gateIdleTimeout().toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        server = vertx.createHttpServer(options).connectionHandler(c -> connected(c, vertx)).requestHandler(router);
        try {
            server.listen(config.gatePort(), host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("The registry gate could not listen on %s:%d (%s): Docker-enabled sandboxes cannot pull lesson images."
                    + " Free that port or set dockerlab.docker.gate-port.", host, config.gatePort(), e.getMessage());
            return;
        }
        port = server.actualPort();
        address = host;
        profiles.gateListening(port);
        sandboxes.openHostPort(address, port, true);
        LOG.infof("Registry gate for the sandboxes' Docker engines on %s:%d", host, port);
    }

    /** The port the gate listens on, or empty when it could not listen (the port was taken). */
    Optional<Integer> listening() {
        return server == null || address == null ? Optional.empty() : Optional.of(port);
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (server != null) {
            if (removeRuleOnStop && address != null) {
                sandboxes.openHostPort(address, port, false);
            }
            server.close();
        }
    }

    /** Bounds the connections, and asks the engine once whose sandbox the new one comes from. */
    private void connected(HttpConnection connection, Vertx vertx) {
        String from = connection.remoteAddress() == null ? "" : connection.remoteAddress().host();
        if (!connections.admit(from)) {
            LOG.debugf("registry gate: refused a connection from %s (limit reached)", from);
            connection.close();
            return;
        }
        connection.closeHandler(v -> {
            connections.release(from);
            callers.remove(connection);
        });
        callers.put(connection, caller(from, vertx));
    }

    /** The Docker-enabled sandbox that holds this address now; plain sandboxes and anything else: empty. */
    private Future<Optional<Sandbox>> caller(String from, Vertx vertx) {
        Long until = refused.get(from);
        if (until != null && until > System.currentTimeMillis()) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.<Optional<Sandbox>>executeBlocking(() -> addresses.sandboxAt(from).filter(this::dockerEnabled), false)
                .andThen(result -> {
                    if (result.failed() || result.result().isEmpty()) {
                        refused.put(from, System.currentTimeMillis() + REFUSAL_MEMORY_MILLIS);
                    }
                });
    }

    /** Still that learner's live sandbox, and one with Docker: only those use the registry. */
    private boolean dockerEnabled(Sandbox sandbox) {
        return sandboxes.profileOf(sandbox).filter(SandboxProfile::hasEngine).isPresent();
    }

    private void handle(RoutingContext context) {
        context.request().pause();
        Future<Optional<Sandbox>> caller = callers.get(context.request().connection());
        if (caller == null) {
            String from = context.request().remoteAddress() == null ? "" : context.request().remoteAddress().host();
            caller = caller(from, context.vertx());
        }
        caller.onComplete(result -> {
            if (result.failed() || result.result().filter(this::dockerEnabled).isEmpty()) {
                context.request().resume();
                denied(context, 403, "This registry serves dockerlab's Docker-enabled sandboxes only.");
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
            pushOwn(context, sandbox.learnerHash());
            return;
        }
        HttpMethod method = context.request().method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            context.request().resume();
            denied(context, 403, "The lesson images are read-only. Push under your own name:"
                    + " docker tag IMAGE $DOCKERLAB_PUSH_PREFIX/NAME && docker push $DOCKERLAB_PUSH_PREFIX/NAME");
            return;
        }
        forward(context, mirror, uri(context, null), context.request());
    }

    /**
     * The learner's own space: reads as they are; what they upload counts against the push quota,
     * refused up front when it is used up or a declared length would pass it, refused where it
     * does pass it. A learner's first upload since this server started first asks the registry
     * what it keeps for them. Everything uploaded since counts, finished or cut off: the registry
     * keeps an unfinished upload's bytes on disk too, until it purges them.
     */
    private void pushOwn(RoutingContext context, String learnerHash) {
        HttpMethod method = context.request().method();
        String uri = uri(context, learnerHash);
        if (!HttpMethod.POST.equals(method) && !HttpMethod.PUT.equals(method) && !HttpMethod.PATCH.equals(method)) {
            forward(context, push, uri, context.request());
            return;
        }
        if (quota.known(learnerHash)) {
            upload(context, learnerHash, uri);
            return;
        }
        context.vertx().executeBlocking(() -> pushed.keptBy(learnerHash), false).onComplete(kept -> {
            if (kept.succeeded()) {
                quota.start(learnerHash, kept.result());
            } else {
                // counted from nothing until the registry answers: the upload fails there anyway
                LOG.debugf("reading what learner %s keeps in the push registry: %s", learnerHash, kept.cause().getMessage());
            }
            upload(context, learnerHash, uri);
        });
    }

    private void upload(RoutingContext context, String learnerHash, String uri) {
        long declared = declaredLength(context);
        long remaining = quota.remaining(learnerHash);
        if (remaining == 0 || declared > remaining) {
            context.request().resume();
            denied(context, 403, quotaMessage(learnerHash));
            return;
        }
        var connection = context.request().connection();
        forward(context, push, uri, new CountedBody(context.request(), n -> quota.take(learnerHash, n), () -> {
            LOG.infof("Cut off an upload of learner %s: push quota of %s used up", learnerHash, megabytes(quota.quota()));
            // answered before the upload ends, so the learner's docker client prints why; the
            // connection goes, and with it the rest of the upload
            if (context.response().headWritten()) {
                connection.close();
                return;
            }
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            denied(context, 403, quotaMessage(learnerHash)).onComplete(v -> connection.close());
        }));
    }

    private String quotaMessage(String learnerHash) {
        return "Your push quota of " + megabytes(quota.quota()) + " is used up: your space in dockerlab's registry keeps "
                + megabytes(quota.used(learnerHash)) + " and this push does not fit. Push smaller images,"
                + " or ask the operator to raise dockerlab.docker.push-quota.";
    }

    private static long declaredLength(RoutingContext context) {
        try {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String megabytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /**
     * The path and only the registry API's own query parameters. A cross-repository mount
     * ({@code mount=<digest>&from=<repository>}) is passed on only from the learner's own space:
     * from anywhere else it would copy another learner's layer into theirs. Without it the
     * registry starts a plain upload, and the client uploads the layer itself.
     */
    static String uri(String path, String query, String ownHash) {
        if (query == null || query.isEmpty()) {
            return path;
        }
        boolean ownMount = false;
        for (String pair : query.split("&")) {
            if (pair.startsWith("from=")) {
                String from = java.net.URLDecoder.decode(pair.substring(5), java.nio.charset.StandardCharsets.UTF_8);
                ownMount = ownHash != null && from.startsWith(ownHash + "/") && !from.contains("..");
            }
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            boolean mountPart = name.equals("mount") || name.equals("from");
            if (REGISTRY_PARAMETERS.contains(name) && (!mountPart || ownMount)) {
                kept.append(kept.isEmpty() ? "?" : "&").append(pair);
            }
        }
        return path + kept;
    }

    private static String uri(RoutingContext context, String ownHash) {
        return uri(context.request().path(), context.request().query(), ownHash);
    }

    private void forward(RoutingContext context, URI registry, String uri, ReadStream<Buffer> body) {
        forwarder.http(context, registry.getHost(), registry.getPort(), uri,
                name -> !"cookie".equals(name) && !"authorization".equals(name), name -> true,
                "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"dockerlab's registry does not answer:"
                        + " an operator must run deploy/setup.sh\"}]}", body);
    }

    /** In the registry's own error format, so the docker client prints the message. */
    private static Future<Void> denied(RoutingContext context, int status, String message) {
        return context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + message.replace("\"", "'") + "\"}]}");
    }
}
