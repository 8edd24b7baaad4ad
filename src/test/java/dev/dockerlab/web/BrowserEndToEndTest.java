package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;

/** The whole loop in a real browser: Debian's Chromium, headless, driving the real page and terminal. */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
class BrowserEndToEndTest extends BrowserTest {

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
        Browser.awaitTerminal(browser, regex, Duration.ofSeconds(20));
    }

    private void screenshot(String name) {
        Browser.screenshot(browser, name);
    }
}
