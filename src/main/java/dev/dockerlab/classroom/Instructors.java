package dev.dockerlab.classroom;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.dockerlab.learner.ForeignOriginException;
import dev.dockerlab.learner.OriginPolicy;
import io.quarkus.arc.Arc;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who of a request is an instructor, decided from the request itself, before anything is
 * answered: {@code Authorization: Bearer <token>}, the sign-in page's cookie (the same check), or
 * an OIDC identity with the instructor role when OIDC is configured. Learners stay anonymous and
 * never get here. Tokens are compared in constant time.
 */
@ApplicationScoped
public class Instructors {

    /** The sign-in page's cookie: a value derived from the token, never the token itself. */
    public static final String COOKIE = "dockerlab_instructor";
    private static final Logger LOG = Logger.getLogger(Instructors.class);

    private final byte[] token;
    private final String cookieValue;
    private final InstructorToken.Loaded loaded;
    private final InstructorConfig config;
    private final OriginPolicy origins;
    private final Instance<CurrentIdentityAssociation> identities;
    private final boolean oidc;

    Instructors(InstructorConfig config, @ConfigProperty(name = "dockerlab.data-dir") Path dataDir, OriginPolicy origins,
            Instance<CurrentIdentityAssociation> identities,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.config = config;
        this.origins = origins;
        this.identities = identities;
        this.oidc = oidc;
        this.loaded = InstructorToken.load(config.token(), dataDir);
        this.token = loaded.token().getBytes(StandardCharsets.UTF_8);
        this.cookieValue = derive(token);
    }

    /**
     * OIDC sign-in configured on a build that leaves OIDC out (the default build, which starts
     * quicker) would refuse every instructor who signs in with it: the start is refused instead,
     * first of all, before this server claims its instance.
     */
    static void requireOidcBuilt(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 2) StartupEvent event) {
        boolean configured = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class)
                .orElse(false);
        // quarkus.oidc.enabled is read at build time only: a build without OIDC has no OIDC beans
        if (configured && !Arc.container().select(OidcAuthenticationMechanism.class).isResolvable()) {
            throw new ConfigurationException("quarkus.oidc.tenant-enabled=true asks for OIDC sign-in, but this build of"
                    + " dockerlab leaves OIDC out (a build has it only when asked, as it slows every start). Start the"
                    + " server with deploy/run.sh, which builds it with OIDC when it sees that setting, or build it with"
                    + " mvn package -Dquarkus.oidc.enabled=true.");
        }
    }

    /** The one time a made token is shown: at the start that made it. */
    void onStart(@Observes StartupEvent event) {
        if (loaded.made()) {
            LOG.infof("""
                    No dockerlab.instructor.token was set, so this server made one and keeps it in %s (mode 0600).
                    It is printed this once; read it again from that file. Instructors sign in at /instructor/sign-in by
                    pasting it, or send it with API calls as: Authorization: Bearer %s""", loaded.file(), loaded.token());
        } else if (loaded.file() != null) {
            LOG.infof("Instructors sign in at /instructor/sign-in with the token kept in %s", loaded.file());
        }
    }

    /** The request's instructor, if its credentials are an instructor's. */
    public Optional<Instructor> of(HttpServerRequest request) {
        String bearer = bearer(request);
        if (bearer != null) {
            if (matches(bearer.getBytes(StandardCharsets.UTF_8), token)) {
                return Optional.of(Instructor.TOKEN);
            }
        }
        Cookie cookie = request.getCookie(COOKIE);
        if (cookie != null && matches(cookie.getValue().getBytes(StandardCharsets.US_ASCII),
                cookieValue.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(Instructor.TOKEN);
        }
        return oidcInstructor();
    }

    /**
     * The request's instructor, or the refusal: {@link InstructorException.NotSignedIn} (401)
     * without any credentials, {@link InstructorException.WrongCredentials} (403) with credentials
     * that are not an instructor's. A write authenticated by the cookie must come from
     * dockerlab's own pages (the cookie is SameSite=Strict too).
     */
    public Instructor require(HttpServerRequest request) {
        Optional<Instructor> instructor = of(request);
        if (instructor.isEmpty()) {
            boolean tried = request.getHeader("Authorization") != null || request.getCookie(COOKIE) != null;
            throw tried ? new InstructorException.WrongCredentials() : new InstructorException.NotSignedIn();
        }
        if (bearer(request) == null && !safe(request.method())
                && !origins.allowsRequest(request)) {
            throw new ForeignOriginException();
        }
        return instructor.get();
    }

    /** Whether a token pasted into the sign-in page is the instructor token. */
    public boolean accepts(String candidate) {
        return candidate != null && matches(candidate.trim().getBytes(StandardCharsets.UTF_8), token);
    }

    /** The sign-in cookie's value for a browser that gave the right token. */
    public String cookieValue() {
        return cookieValue;
    }

    public InstructorConfig config() {
        return config;
    }

    /** Whether OIDC sign-in is configured (then {@code /instructor/oidc} signs in through it). */
    public boolean oidcEnabled() {
        return oidc;
    }

    private Optional<Instructor> oidcInstructor() {
        if (!oidc || !identities.isResolvable()) {
            return Optional.empty();
        }
        try {
            SecurityIdentity identity = identities.get().getIdentity();
            if (identity == null || identity.isAnonymous() || !identity.hasRole(config.oidcRole())) {
                return Optional.empty();
            }
            String name = identity.getPrincipal().getName();
            return Optional.of(new Instructor("oidc:" + name, name));
        } catch (RuntimeException e) {
            LOG.debugf("no OIDC identity for this request: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static String bearer(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static boolean safe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }

    /** Constant time for equal lengths; {@link MessageDigest#isEqual} does not stop at the first difference. */
    private static boolean matches(byte[] candidate, byte[] expected) {
        return MessageDigest.isEqual(candidate, expected);
    }

    private static String derive(byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("dockerlab instructor cookie v1".getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
