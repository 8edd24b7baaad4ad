package dev.dockerlab.docker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The server as an operator runs it when every sandbox should have Docker: {@code dockerlab.sandbox.profile=docker}. */
public class DockerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.sandbox.profile", "docker");
    }
}
