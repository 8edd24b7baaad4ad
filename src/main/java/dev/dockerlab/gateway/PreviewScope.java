package dev.dockerlab.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Keeps a previewed app inside {@code /preview/{port}/} of dockerlab's origin. The preview shares
 * that origin with dockerlab's own pages, so the response headers that act on more than the page
 * that carries them are the app's way out: a service worker allowed a wider scope would serve the
 * catalog and lesson pages (and keep doing so for the next person at that browser), a cookie for
 * {@code /} or another domain reaches every page, {@code Clear-Site-Data} logs the learner out.
 * Each is dropped or narrowed to the prefix here; serving previews from an origin of their own
 * is the stronger answer (docs/security.md).
 */
final class PreviewScope {

    /** Headers that act on the whole origin (or beyond), whatever path they come with. */
    private static final Set<String> ORIGIN_WIDE = Set.of("clear-site-data", "strict-transport-security",
            "public-key-pins", "public-key-pins-report-only", "alt-svc", "origin-agent-cluster");
    private static final String SERVICE_WORKER_ALLOWED = "Service-Worker-Allowed";
    private static final String LINK = "Link";

    private PreviewScope() {
    }

    /** Narrows the app's response headers to {@code prefix} (e.g. {@code /preview/8080}). */
    static void confine(MultiMap headers, String prefix) {
        ORIGIN_WIDE.forEach(headers::remove);
        List<String> links = headers.getAll(LINK).stream()
                .filter(l -> !l.toLowerCase(Locale.ROOT).contains("serviceworker")).toList();
        headers.remove(LINK);
        links.forEach(l -> headers.add(LINK, l));

        String allowed = headers.get(SERVICE_WORKER_ALLOWED);
        headers.remove(SERVICE_WORKER_ALLOWED);
        if (allowed != null) {
            // the app thinks it is at "/": its "/" is the preview's prefix, and nothing above it
            inside(allowed.trim(), prefix).ifPresent(path -> headers.set(SERVICE_WORKER_ALLOWED, path));
        }

        List<String> cookies = headers.getAll(HttpHeaders.SET_COOKIE).stream()
                .filter(c -> !isDockerlabCookie(c))
                .map(c -> cookie(c, prefix)).toList();
        headers.remove(HttpHeaders.SET_COOKIE);
        cookies.forEach(c -> headers.add(HttpHeaders.SET_COOKIE, c));
    }

    /** dockerlab's own cookies, under either of their names (plain, or {@code __Host-} over HTTPS): never set by an app. */
    private static boolean isDockerlabCookie(String setCookie) {
        String c = setCookie.trim();
        return c.startsWith("dockerlab") || c.startsWith("__Host-dockerlab");
    }

    /**
     * An absolute path the app names, as the browser will see it: its own {@code /x} is
     * {@code prefix/x}; empty when it is not a plain path or would climb above the prefix.
     */
    static java.util.Optional<String> inside(String path, String prefix) {
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\") || path.contains("%")) {
            return java.util.Optional.empty();
        }
        String full = path.startsWith(prefix + "/") ? path : prefix + path;
        try {
            String normal = new URI(null, null, full, null).normalize().getPath();
            return normal.startsWith(prefix + "/") ? java.util.Optional.of(normal) : java.util.Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    /** A cookie of the app: for its own host only, and for paths under the prefix only. */
    static String cookie(String setCookie, String prefix) {
        String[] parts = setCookie.split(";");
        StringBuilder out = new StringBuilder(parts[0].trim());
        String path = prefix + "/";
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            String name = attribute.contains("=") ? attribute.substring(0, attribute.indexOf('=')).trim() : attribute;
            if (name.equalsIgnoreCase("domain")) {
                continue; // without Domain a cookie stays on the exact host that set it
            }
            if (name.equalsIgnoreCase("path")) {
                path = inside(attribute.substring(attribute.indexOf('=') + 1).trim(), prefix).orElse(prefix + "/");
                continue;
            }
            out.append("; ").append(attribute);
        }
        return out.append("; Path=").append(path).toString();
    }
}
