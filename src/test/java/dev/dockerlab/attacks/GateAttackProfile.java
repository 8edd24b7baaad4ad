package dev.dockerlab.attacks;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Docker-enabled sandboxes by default, with the gate's limits small enough for a test to reach:
 * a few connections per sandbox, a short idle timeout, a small push quota.
 */
public class GateAttackProfile implements QuarkusTestProfile {

    static final int PER_SANDBOX = 8;
    static final long PUSH_QUOTA_MIB = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "dockerlab.sandbox.profile", "docker",
                "dockerlab.sandbox.instance", "test-gate-${quarkus.uuid}",
                "dockerlab.docker.gate-max-connections-per-sandbox", String.valueOf(PER_SANDBOX),
                "dockerlab.docker.gate-max-connections-total", "64",
                "dockerlab.docker.gate-idle-timeout", "20s",
                "dockerlab.docker.push-quota", PUSH_QUOTA_MIB + "m");
    }
}
