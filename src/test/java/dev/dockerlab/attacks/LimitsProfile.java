package dev.dockerlab.attacks;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The limits that protect the server, small enough to reach in a test: each test comes from its
 * own client address (X-Forwarded-For, which this server trusts as if behind a proxy), so the
 * per-address limits of one test do not touch another's.
 */
public class LimitsProfile implements QuarkusTestProfile {

    static final int MAX_PER_LEARNER = 3;
    static final int MAX_OPEN = 8;
    static final int UPGRADES_PER_MINUTE = 12;
    static final int NEW_SANDBOXES_PER_MINUTE = 3;
    static final int RESETS_PER_MINUTE = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "dockerlab.sandbox.instance", "test-limits-${quarkus.uuid}",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "dockerlab.engine.stream-connections", "12",
                "dockerlab.terminal.max-per-learner", String.valueOf(MAX_PER_LEARNER),
                "dockerlab.terminal.max-open", String.valueOf(MAX_OPEN),
                "dockerlab.terminal.upgrades-per-minute", String.valueOf(UPGRADES_PER_MINUTE),
                "dockerlab.terminal.new-sandboxes-per-minute", String.valueOf(NEW_SANDBOXES_PER_MINUTE),
                "dockerlab.sandbox.resets-per-minute", String.valueOf(RESETS_PER_MINUTE));
    }

    /** Headers of a client at this address. */
    static Map<String, String> from(String address) {
        return Map.of("X-Forwarded-For", address);
    }
}
