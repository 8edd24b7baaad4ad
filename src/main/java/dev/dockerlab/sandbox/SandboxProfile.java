package dev.dockerlab.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * What a sandbox can do. {@link #PLAIN} is the fully hardened shell; {@link #DOCKER} adds the
 * learner's own rootless Docker engine (docs/security.md says what that costs); {@link #ROOT} is
 * the Docker profile whose terminal, scenario scripts and checks run as root inside a container of
 * that engine, the "machine" ({@link Machine}): root of the engine's user namespace, the learner
 * on the host. A lesson names the one it needs in its front matter ({@code sandbox: docker});
 * a sandbox with more than a lesson needs is kept, one with less or another is replaced.
 */
public enum SandboxProfile {
    PLAIN,
    DOCKER,
    ROOT;

    /** Whether sandboxes of this profile run the learner's own engine (the Docker image, its settings and storage). */
    public boolean hasEngine() {
        return this != PLAIN;
    }

    /** The value of the {@code dockerlab.profile} label, and of {@code sandbox:} in a lesson. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True when a sandbox of this profile can run a lesson that needs {@code needed}. A root
     * sandbox serves root lessons only: its terminal is root in the machine, where a lesson
     * written for the learner would not find its home or its checks' files.
     */
    public boolean satisfies(SandboxProfile needed) {
        return this == needed || (this == DOCKER && needed == PLAIN);
    }

    /** {@code plain}, {@code docker} or {@code root} (any case); anything else is not a profile. */
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
