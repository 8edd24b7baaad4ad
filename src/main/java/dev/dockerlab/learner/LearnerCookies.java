package dev.dockerlab.learner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The learner cookie: {@code <learner id>.<HMAC-SHA256 of the id>}, signed with the server's key.
 * Only ids this server issued carry a valid signature, so a made-up or altered value counts as no
 * cookie at all: it reaches no sandbox, and a page gives the browser a fresh one.
 * <p>
 * Over HTTPS the cookie is {@code __Host-dockerlab_learner}: the browser then keeps it only when
 * it is Secure, for this host alone (no Domain) and for the whole site (Path=/), so neither a
 * sibling subdomain nor a plain-HTTP page on the network can plant a learner in the browser. Over
 * plain HTTP (localhost, a classroom LAN) browsers refuse {@code __Host-} cookies, so the plain
 * name is used there. The prefixed name is read on any request (a browser sends it only over
 * HTTPS, so its presence shows the browser's connection was secure, even where a proxy's scheme
 * is not visible here); the plain name only on requests the server sees as plain HTTP.
 */
@ApplicationScoped
public class LearnerCookies {

    public static final String PLAIN_NAME = "dockerlab_learner";
    public static final String SECURE_NAME = "__Host-" + PLAIN_NAME;
    static final Duration LIFETIME = Duration.ofDays(180);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    @Inject
    public LearnerCookies(LearnerConfig config, @ConfigProperty(name = "dockerlab.data-dir") Path dataDir) {
        this(LearnerSecret.load(config.secret(), dataDir));
    }

    LearnerCookies(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    public static String nameFor(boolean secure) {
        return secure ? SECURE_NAME : PLAIN_NAME;
    }

    /** True for a cookie (name or {@code name=value} pair) that carries a learner, under either name. */
    public static boolean isLearnerCookie(String cookie) {
        String c = cookie.trim();
        return c.equals(PLAIN_NAME) || c.equals(SECURE_NAME) || c.startsWith(PLAIN_NAME + "=") || c.startsWith(SECURE_NAME + "=");
    }

    public static boolean isSecure(HttpServerRequest request) {
        return request.isSSL() || "https".equals(request.scheme());
    }

    /** The cookie value for this learner: their id and its signature. */
    public String valueOf(LearnerId learner) {
        return learner.value() + "." + signature(learner.value());
    }

    /** The learner a cookie value names, if this server signed it; anything else is no learner. */
    public Optional<LearnerId> verify(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Optional<LearnerId> id = LearnerId.parse(value.substring(0, dot));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        byte[] expected = signature(id.get().value()).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        // constant time: how much of a forged signature matches must not show in the answer's timing
        return MessageDigest.isEqual(expected, given) ? id : Optional.empty();
    }

    /**
     * The learner of a request: the prefixed cookie, or over plain HTTP the plain one, as the
     * client sent it. Read from the request's {@code Cookie} headers, not from Vert.x's cookie jar:
     * the jar also holds the cookies added to the <em>response</em>, so a cookie the server has just
     * issued to this request would pass for one the client brought (an upgrade without a cookie
     * would then be decided as a brand-new learner's).
     */
    public Optional<LearnerId> from(HttpServerRequest request) {
        List<String> headers = request.headers().getAll(HttpHeaders.COOKIE);
        return headers.isEmpty() ? Optional.empty() : fromHeader(String.join("; ", headers), isSecure(request));
    }

    /** The learner of a raw {@code Cookie} header (a WebSocket handshake). */
    public Optional<LearnerId> fromHeader(String cookieHeader, boolean secure) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        String plain = null;
        for (var cookie : ServerCookieDecoder.LAX.decode(cookieHeader)) {
            if (SECURE_NAME.equals(cookie.name())) {
                return verify(cookie.value());
            }
            if (PLAIN_NAME.equals(cookie.name()) && !secure) {
                plain = cookie.value();
            }
        }
        return verify(plain);
    }

    /** A new learner and the cookie that names them. */
    public Issued issue(boolean secure) {
        LearnerId learner = LearnerId.generate();
        // Lax, not Strict: a learner following a link to a lesson from elsewhere must keep their sandbox.
        Cookie cookie = Cookie.cookie(nameFor(secure), valueOf(learner))
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.LAX)
                .setMaxAge(LIFETIME.toSeconds())
                .setSecure(secure);
        return new Issued(learner, cookie);
    }

    public record Issued(LearnerId learner, Cookie cookie) {
    }

    /**
     * A key of its own for another use of the server's secret ({@code purpose} names the use), so
     * nothing made with it can be turned into a cookie signature or the other way round.
     */
    public byte[] derivedKey(String purpose) {
        return mac(purpose);
    }

    private String signature(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(id));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
