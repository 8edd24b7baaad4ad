package dev.dockerlab.lesson;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where lessons come from and how their checks run. Keys are {@code dockerlab.lessons.*}. */
@ConfigMapping(prefix = "dockerlab.lessons")
public interface LessonConfig {

    /** The lessons folder, one sub-folder per lesson; relative paths start at the working directory. */
    @WithDefault("lessons")
    Path dir();

    /** How often the folder is looked at for edits (an edited lesson shows without a restart). */
    @WithDefault("2s")
    Duration reloadCheck();

    /** How long a step's check may run when its lesson does not say (timeout: in the step); then it is killed and fails. */
    @WithDefault("10s")
    Duration checkTimeout();

    /** The longest timeout a lesson may ask for its checks. */
    @WithDefault("60s")
    Duration maxCheckTimeout();
}
