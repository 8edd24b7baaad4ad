package dev.dockerlab.learner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The opaque identity of one browser: 256 random bits, carried only in an HttpOnly cookie that
 * the server signs ({@link LearnerCookies}). Everything the server stores or labels uses
 * {@link #hash()}, never the id itself, so a container label or a log line cannot be replayed as
 * a cookie. The hash depends on the id alone, not on the signing key: labels and progress stay
 * the learner's if the key changes.
 */
public record LearnerId(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    public LearnerId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a learner id");
        }
    }

    public static LearnerId generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new LearnerId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** An id from the outside world: anything malformed is treated as no id at all. */
    public static Optional<LearnerId> parse(String cookieValue) {
        if (cookieValue == null || !FORMAT.matcher(cookieValue).matches()) {
            return Optional.empty();
        }
        return Optional.of(new LearnerId(cookieValue));
    }

    /** First 16 hex digits of SHA-256: the learner's name on labels and container names. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "LearnerId[" + hash() + "]";
    }
}
