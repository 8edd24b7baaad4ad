package dev.dockerlab.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many connections the server keeps to the Docker engine, in separate budgets so that no
 * kind of work can starve another. Keys are {@code dockerlab.engine.*}.
 */
@ConfigMapping(prefix = "dockerlab.engine")
public interface EngineConfig {

    /**
     * Connections for short calls (create, inspect, remove, checks, facts, hanging up a closed
     * tab). Each is held for one call; a check holds its connection at most its timeout.
     */
    @WithDefault("512")
    int maxConnections();

    /**
     * Connections for terminal streams: every open terminal holds one for as long as it is open,
     * and so does each warm-pool sandbox's prepared shell. Open terminals are capped below this
     * ({@code dockerlab.terminal.max-open}), so the streams never wait for a connection.
     */
    @WithDefault("2048")
    int streamConnections();
}
