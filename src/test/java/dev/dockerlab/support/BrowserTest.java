package dev.dockerlab.support;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.dockerlab.sandbox.SandboxService;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every browser test shares: one headless Chromium for the test class, the server's
 * address, and a new learner (cookies gone, sandbox removed) after each test. A subclass is a
 * {@code @QuarkusTest} marked {@code @Needs(OptionalPart.CHROMIUM)}.
 *
 * <p>Exclusive (inherited): Chromium drops every request in flight, even to localhost, with
 * {@code net::ERR_NETWORK_CHANGED} when the host's network interfaces change, and a test JVM
 * beside it makes and removes sandboxes (each a veth on the host) all the time; seen as pages
 * whose modules never loaded.
 */
@Tag(Exclusive.TAG)
public abstract class BrowserTest {

    protected static ChromeDriver browser;

    @TestHTTPResource("/")
    protected URI base;

    @Inject
    protected SandboxService sandboxes;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @AfterEach
    protected void newLearner() {
        Browser.resetLearner(browser, sandboxes);
    }
}
