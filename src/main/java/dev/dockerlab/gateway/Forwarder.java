package dev.dockerlab.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

/**
 * Streams one HTTP exchange, or one WebSocket, to a fixed host and port: the small reverse proxy
 * behind the preview and the registry gate. Hop-by-hop headers stay on their side; a header
 * filter decides what else crosses (the learner cookie never does).
 */
@ApplicationScoped
public class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-accept");

    private final HttpClient client;

    public Forwarder(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(3000)
                .setIdleTimeout(120)
                .setMaxPoolSize(64)
                .setMaxWebSockets(256));
    }

    /** The request was paused by the caller; answers {@code unreachable} when nothing listens there. */
    public void http(RoutingContext context, String host, int port, String uri, Predicate<String> sendHeader,
            Predicate<String> returnHeader, String unreachable) {
        http(context, host, port, uri, sendHeader, returnHeader, unreachable, context.request());
    }

    /** As above, with the request's body read through {@code body} (a stream over the request's own). */
    void http(RoutingContext context, String host, int port, String uri, Predicate<String> sendHeader,
            Predicate<String> returnHeader, String unreachable, ReadStream<Buffer> body) {
        HttpServerRequest in = context.request();
        HttpServerResponse out = context.response();
        MultiMap sent = copy(in.headers(), sendHeader);
        if (in.version() == HttpVersion.HTTP_2) {
            // Over HTTP/2 (h2c, or TLS at this server) Vert.x compresses every body labelled gzip,
            // an upstream's already compressed one too: ask the upstream for its bytes as they are.
            sent.remove(HttpHeaders.ACCEPT_ENCODING);
        }
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(host).setPort(port).setURI(uri)
                .setHeaders(sent);
        client.request(options)
                .compose(request -> {
                    if (hasBody(in) && !in.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                        request.setChunked(true);
                    }
                    return request.send(body);
                })
                .onSuccess(response -> {
                    out.setStatusCode(response.statusCode());
                    out.setStatusMessage(response.statusMessage());
                    MultiMap back = copy(response.headers(), returnHeader);
                    // The body goes as the upstream encoded it, under its own Content-Encoding only.
                    // With compression on (quarkus.http.enable-compression), every response starts
                    // out marked "identity" (Quarkus' way of keeping it uncompressed), and Vert.x
                    // strips every Content-Encoding of a response that carries "identity": beside
                    // the upstream's "gzip" it would send gzip bytes unlabelled. The mark stays only
                    // where it keeps Vert.x from compressing (a client that accepts an encoding), and
                    // over HTTP/1.1 Vert.x removes it before sending.
                    boolean mayCompress = in.version() == HttpVersion.HTTP_2 || in.headers().contains(HttpHeaders.ACCEPT_ENCODING);
                    if (back.contains(HttpHeaders.CONTENT_ENCODING) || !mayCompress) {
                        out.headers().remove(HttpHeaders.CONTENT_ENCODING);
                    }
                    out.headers().addAll(back);
                    if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                        out.setChunked(true);
                    }
                    response.pipeTo(out);
                })
                .onFailure(e -> {
                    LOG.debugf("forwarding to %s:%d failed: %s", host, port, e.getMessage());
                    in.resume();
                    if (!out.headWritten()) {
                        out.setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                                .end(unreachable);
                    } else {
                        out.reset();
                    }
                });
    }

    /** A WebSocket upgrade: connect upstream first, so a closed port answers 502 instead of upgrading. */
    public void webSocket(RoutingContext context, String host, int port, String uri, Predicate<String> sendHeader,
            String unreachable) {
        HttpServerRequest in = context.request();
        MultiMap headers = copy(in.headers(), sendHeader);
        headers.remove(HttpHeaders.HOST);
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
                .setHeaders(headers);
        String protocols = in.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            options.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim).toList());
            headers.remove("Sec-WebSocket-Protocol");
        }
        client.webSocket(options)
                .onSuccess(upstream -> in.toWebSocket()
                        .onSuccess(downstream -> {
                            relay(upstream, downstream);
                            relay(downstream, upstream);
                            upstream.closeHandler(v -> close(downstream, upstream.closeStatusCode(), upstream.closeReason()));
                            downstream.closeHandler(v -> close(upstream, downstream.closeStatusCode(), downstream.closeReason()));
                            upstream.exceptionHandler(e -> downstream.close());
                            downstream.exceptionHandler(e -> upstream.close());
                        })
                        .onFailure(e -> upstream.close()))
                .onFailure(e -> {
                    in.resume();
                    context.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .end(unreachable);
                });
    }

    /**
     * Messages from one side to the other, under backpressure: while the receiving side's write
     * queue is full (a client that reads nothing), the sending side is not read, so TCP stops the
     * sender instead of this server's memory taking up the difference.
     */
    private static void relay(WebSocketBase from, WebSocketBase to) {
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            pauseWhileFull(from, to);
        });
        from.binaryMessageHandler(bytes -> {
            to.writeBinaryMessage(bytes);
            pauseWhileFull(from, to);
        });
    }

    private static void pauseWhileFull(WebSocketBase from, WebSocketBase to) {
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    public static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && "websocket".equalsIgnoreCase(upgrade.trim());
    }

    private static void close(WebSocketBase socket, Short code, String reason) {
        if (socket.isClosed()) {
            return;
        }
        if (code == null || code == 1005 || code == 1006 || code == 1015) {
            socket.close();
        } else {
            socket.close(code, reason);
        }
    }

    private static boolean hasBody(HttpServerRequest in) {
        return switch (in.method().name()) {
            case "GET", "HEAD", "DELETE", "OPTIONS" -> false;
            default -> true;
        };
    }

    private static MultiMap copy(MultiMap from, Predicate<String> keep) {
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        for (var entry : from) {
            String name = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && keep.test(name)) {
                to.add(entry.getKey(), entry.getValue());
            }
        }
        return to;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
