package dev.dockerlab.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * What a sandbox can do. {@link #PLAIN} is the fully hardened shell; {@link #DOCKER} adds the
 * learner's own rootless Docker engine (docs/security.md says what that costs). A lesson names
 * the one it needs in its front matter ({@code sandbox: docker}); a sandbox with more than a
 * lesson needs is kept, one with less is replaced.
 */
public enum SandboxProfile {
    PLAIN,
    DOCKER;

    /** The value of the {@code dockerlab.profile} label, and of {@code sandbox:} in a lesson. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a sandbox of this profile can run a lesson that needs {@code needed}. */
    public boolean satisfies(SandboxProfile needed) {
        return this == needed || this == DOCKER;
    }

    /** {@code plain} or {@code docker} (any case); anything else is not a profile. */
    public static Optional<SandboxProfile> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        for (SandboxProfile p : values()) {
            if (p.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
