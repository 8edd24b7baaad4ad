package dev.dockerlab.learner;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * Which pages may act for a learner: the server's own origin (the Host the browser asked for) and
 * any listed in {@code dockerlab.allowed-origins}. Comparison is exact on scheme-less authority,
 * so {@code localhost.evil.example} or {@code null} never pass for {@code localhost}.
 */
@ApplicationScoped
public class OriginPolicy {

    private final List<String> extra;

    public OriginPolicy(@ConfigProperty(name = "dockerlab.allowed-origins") Optional<List<String>> extra) {
        this.extra = extra.orElse(List.of()).stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Whether a request that acts for the learner (a check, an answer) may: a browser sends Origin
     * with every cross-site POST, so one without it comes from a tool, not from another site's page.
     */
    public boolean allowsRequest(HttpServerRequest request) {
        return allowsRequest(request.getHeader("Origin"), authority(request));
    }

    /** Whether a WebSocket upgrade (which a browser always sends with Origin) comes from an allowed page. */
    public boolean allows(HttpServerRequest request) {
        return allows(request.getHeader("Origin"), authority(request));
    }

    /**
     * The authority the browser asked for: the Host header, or, over HTTP/2 (which has no Host, only
     * the {@code :authority} pseudo-header), the request's authority.
     */
    static String authority(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host != null && !host.isBlank()) {
            return host;
        }
        HostAndPort authority = request.authority();
        return authority == null ? null : authority.toString();
    }

    public boolean allowsRequest(String origin, String host) {
        return origin == null || allows(origin, host);
    }

    public boolean allows(String origin, String host) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (extra.contains(normalized)) {
            return true;
        }
        return sameAuthority(normalized, host);
    }

    static boolean sameAuthority(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
            return false;
        }
        int defaultPort = "https".equals(scheme) ? 443 : 80;
        String originAuthority = uri.getHost() + ":" + (uri.getPort() == -1 ? defaultPort : uri.getPort());
        return originAuthority.equals(withPort(host.trim().toLowerCase(Locale.ROOT), defaultPort));
    }

    private static String withPort(String host, int defaultPort) {
        // "[::1]:8080", "localhost:8080", "localhost"
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        if (colon > close) {
            return host;
        }
        return host + ":" + defaultPort;
    }
}
