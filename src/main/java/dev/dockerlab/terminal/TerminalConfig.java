package dev.dockerlab.terminal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The terminal WebSocket. Keys are {@code dockerlab.terminal.*}. */
@ConfigMapping(prefix = "dockerlab.terminal")
public interface TerminalConfig {

    /**
     * Output bytes the server may send before the browser acknowledges them. Small enough that
     * Ctrl-C shows at once after a flood, large enough to keep the pipe full.
     */
    @WithDefault("131072")
    int windowBytes();

    /** Keystroke bytes queued for the shell before the connection is closed as a flood. */
    @WithDefault("1048576")
    int maxPendingInputBytes();
}
