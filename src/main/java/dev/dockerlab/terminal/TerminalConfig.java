package dev.dockerlab.terminal;

import java.time.Duration;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
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
    MemorySize windowBytes();

    /** Keystroke bytes queued for the shell before the connection is closed as a flood. */
    @WithDefault("1m")
    MemorySize maxPendingInputBytes();

    /** Terminals one learner may have open at once (tabs, reconnects in flight); one more is refused with 4001. */
    @WithDefault("8")
    int maxPerLearner();

    /**
     * Terminals open on this server at once. Unset: the engine's stream connections
     * ({@code dockerlab.engine.stream-connections}) less the warm pool's prepared shells and the
     * returning learners' ({@code prepared-attaches}), so an open terminal always has its
     * connection to the engine.
     */
    OptionalInt maxOpen();

    /** WebSocket upgrades to {@code /terminal} per client address per minute; more are answered 429. 0: no limit. */
    @WithDefault("120")
    int upgradesPerMinute();

    /**
     * New sandboxes per client address per minute (a classroom behind one NAT shares an
     * address: raise it for them); a terminal beyond it is closed with 4001. 0: no limit.
     */
    @WithDefault("30")
    int newSandboxesPerMinute();

    /**
     * Attaches prepared at once for returning learners whose lesson page is loading (each holds a
     * stream connection until its terminal takes it, at most {@code prepared-attach-keep}). 0: none.
     */
    @WithDefault("16")
    int preparedAttaches();

    /** How long an attach prepared for a returning learner's lesson page waits for its terminal before it is hung up. */
    @WithDefault("10s")
    Duration preparedAttachKeep();
}
