package dev.dockerlab.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The server on the fixture lessons (src/test/resources/test-lessons: checks, quizzes, a
 * Killercoda scenario and a course file) instead of lessons/. One profile for every test that
 * uses them, so Quarkus starts once for all of them.
 */
public class FixtureLessons implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/test-lessons");
    }
}
