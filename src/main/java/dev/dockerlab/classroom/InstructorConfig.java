package dev.dockerlab.classroom;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who is an instructor. Keys are {@code dockerlab.instructor.*}. */
@ConfigMapping(prefix = "dockerlab.instructor")
public interface InstructorConfig {

    /**
     * The instructor token of a single self-hosted server (at least 16 characters), sent as
     * {@code Authorization: Bearer <token>} or pasted once into the sign-in page. Unset: one is
     * made at first start, kept in {@code <dockerlab.data-dir>/instructor-token} (mode 0600) and
     * printed once to the log.
     */
    Optional<String> token();

    /**
     * With OIDC configured ({@code quarkus.oidc.*}, docs/operations.md): the role an identity needs
     * to be an instructor (from the token's groups or the roles claim {@code
     * quarkus.oidc.roles.role-claim-path} names).
     */
    @WithDefault("instructor")
    String oidcRole();

    /** How long the sign-in page's cookie keeps a browser signed in. */
    @WithDefault("12h")
    Duration cookieLifetime();

    /** Sign-in attempts with a token one address may make per minute; more are answered 429. */
    @WithDefault("10")
    int signInsPerMinute();
}
