package dev.dockerlab.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The server on a Killercoda scenario written for root (src/test/resources/root-lessons: set-up
 * scripts that write /root and /etc, an asset aimed at /usr/local/bin, a step that runs a
 * container, a verify that checks as root), served as an operator would: plain sandboxes by
 * default, so the root sandbox comes from the scenario alone. Its own instance.
 */
public class RootLessons implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("dockerlab.lessons.dir", "src/test/resources/root-lessons",
                "dockerlab.sandbox.instance", "rootkc-${quarkus.uuid}");
    }
}
