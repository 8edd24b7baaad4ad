package dev.dockerlab.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The server on the fixture lessons (src/test/resources/test-lessons) instead of lessons/, with
 * plain sandboxes by default as an operator would serve them: checks, quizzes and a course file;
 * lessons that say {@code sandbox: docker} and {@code nodes: 3}; Killercoda scenarios shaped like
 * real ones (set-up scripts, assets, raw HTML, every code marker, one that uses Docker); and two
 * written for root (scripts that write /root and /etc, an asset aimed at /usr/local/bin, a verify
 * that checks as root), whose root sandbox comes from the scenario alone. One folder and one
 * profile for every test that uses fixture lessons, so Quarkus starts once for all of them.
 */
public class FixtureLessons implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/test-lessons");
    }
}
