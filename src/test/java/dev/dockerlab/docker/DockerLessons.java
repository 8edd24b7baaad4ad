package dev.dockerlab.docker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Plain sandboxes by default, and lessons of which one says {@code sandbox: docker} (src/test/resources/lessons-docker). */
public class DockerLessons implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/lessons-docker");
    }
}
