package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The whole loop in a real browser: Debian's Chromium, headless, driving the real page and terminal. */
@QuarkusTest
class BrowserEndToEndTest {

    private static final String TERMINAL_TEXT = """
            const b = window.dockerlab.term.buffer.active; let s = '';
            for (let i = 0; i < b.length; i++) { s += b.getLine(i).translateToString(true) + '\\n'; }
            return s;""";

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void removeSandbox() {
        Browser.resetLearner(browser, sandboxes);
    }

    @Test
    void aLearnerOpensALessonTypesAndReadsTheAnswerAndARefreshKeepsTheShell() throws Exception {
        browser.get(base.resolve("/lessons/first-steps").toString());
        awaitStatus("ready");
        assertThat(browser.findElement(By.cssSelector(".lesson-pane h1")).getText()).isEqualTo("Your first container");

        awaitTerminal("learner@sandbox");
        WebElement input = browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea"));
        input.sendKeys("echo typed-$((6*7))-in-browser\n");
        awaitTerminal("typed-42-in-browser");
        screenshot("e2e-lesson.png");

        // a Run button types the command for the learner
        browser.findElement(By.cssSelector("pre[data-run] button")).click();
        awaitTerminal("learner\\s*\\n\\s*sandbox");

        browser.navigate().refresh();
        awaitStatus("ready");
        // the shell keeper replays the same screen of the same shell
        awaitTerminal("typed-42-in-browser");
        screenshot("e2e-after-refresh.png");
    }

    private void awaitStatus(String state) {
        Browser.awaitStatus(browser, state);
    }

    private void awaitTerminal(String regex) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "terminal never showed /" + regex + "/; it shows:\n"
                + terminalText()).until(d -> pattern.matcher(terminalText()).find());
    }

    private String terminalText() {
        Object text = ((JavascriptExecutor) browser).executeScript(TERMINAL_TEXT);
        return text == null ? "" : text.toString();
    }

    private void screenshot(String name) {
        Browser.screenshot(browser, name);
    }
}
