package dev.dockerlab.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The server on Killercoda scenarios shaped like real ones (src/test/resources/killercoda-lessons:
 * set-up scripts, assets, raw HTML, every code marker, a scenario that uses Docker), as an
 * operator would serve them: plain sandboxes by default. Its own instance, so its sandboxes are
 * its own.
 */
public class KillercodaLessons implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/killercoda-lessons",
                "dockerlab.sandbox.instance", "killercoda-${quarkus.uuid}");
    }
}
