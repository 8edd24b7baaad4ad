package dev.dockerlab.support;

/**
 * The tag of test classes that must have the engine and the host to themselves: they stop or
 * reload a part every server shares (the lesson-image registry, the engine's configuration),
 * fill the host's disk or a shared registry up to a cap, change the host's network, or load the
 * machine on purpose (floods, fork bombs, creation storms) so that a test running beside them
 * would measure their load; and the browser tests ({@link BrowserTest}), whose Chromium drops
 * its requests whenever a sandbox beside them adds or removes a network interface on the host.
 * Maven runs every other test class in two JVMs side by side, each its
 * own instance on its own sandbox network, then these one at a time (pom.xml, surefire).
 */
public final class Exclusive {

    public static final String TAG = "exclusive";

    private Exclusive() {
    }
}
