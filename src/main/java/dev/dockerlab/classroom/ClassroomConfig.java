package dev.dockerlab.classroom;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Workshops and joining them. Keys are {@code dockerlab.classroom.*}. */
@ConfigMapping(prefix = "dockerlab.classroom")
public interface ClassroomConfig {

    /** Join attempts one learner may make per minute (right or wrong); more are answered 429. */
    @WithDefault("10")
    int joinsPerMinute();

    /**
     * Join attempts from one client address per minute: a class behind one NAT shares an address,
     * so this is well above a class's size, and still makes guessing codes hopeless.
     */
    @WithDefault("200")
    int joinsPerMinutePerAddress();

    /** The warning learners get before a closing workshop removes their sandboxes, unless the instructor says otherwise. */
    @WithDefault("2m")
    Duration closeWarning();

    /** The longest warning an instructor may ask for. */
    @WithDefault("30m")
    Duration maxCloseWarning();

    /** How often closing workshops whose warning is over are looked for. */
    @WithDefault("5s")
    Duration closeCheck();

    /** A learner on one step longer than this, without finishing it, counts as stuck on the roster. */
    @WithDefault("3m")
    Duration stuckAfter();
}
