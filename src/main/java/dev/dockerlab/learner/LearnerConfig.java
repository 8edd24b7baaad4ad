package dev.dockerlab.learner;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The learner cookie. Keys are {@code dockerlab.learner.*}. */
@ConfigMapping(prefix = "dockerlab.learner")
public interface LearnerConfig {

    /**
     * The key that signs learner cookies (at least 32 characters). Unset: a random one is made at
     * first start and kept in {@code <dockerlab.data-dir>/learner-secret} (mode 0600). Changing it
     * signs every learner out: their old cookies no longer count and they get new sandboxes.
     */
    Optional<String> secret();
}
