package dev.dockerlab.docker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Lessons of which one asks for three nodes ({@code nodes: 3}, src/test/resources/lessons-nodes). */
public class NodeLessons implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/lessons-nodes");
    }
}
