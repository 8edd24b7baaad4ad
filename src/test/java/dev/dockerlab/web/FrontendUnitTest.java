package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The browser code's own unit tests (src/test/js, Node's built-in runner): backoff, ack batching,
 * close-code decisions and the connection state machine against a fake socket. Node is on every
 * machine of this project's kind; the page itself is tested in Chromium by BrowserEndToEndTest.
 */
class FrontendUnitTest {

    @Test
    void theTerminalClientsUnitTestsPass() throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", "terminal-client.test.mjs")
                    .directory(new File("src/test/js")).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("Node.js is needed for the front-end unit tests (apt-get install nodejs)", e);
        }
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished").isTrue();
        assertThat(node.exitValue()).as("node --test output:\n" + output).isZero();
        assertThat(output).contains("# fail 0");
    }
}
