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

/** A learner works through a step in a real browser (Debian's Chromium, headless): check, hint, solution, progress, Korean. */
@QuarkusTest
class LessonBrowserTest {


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
    void aLearnerChecksFailsSeesTheHintRunsTheSolutionPassesAndTheProgressStays() throws Exception {
        browser.get(base.resolve("/lessons/first-steps?lang=en").toString());
        awaitStatus("ready");
        WebElement step = browser.findElement(By.id("step-1"));

        click(step.findElement(By.cssSelector(".step-check")));
        await("the check to fail", () -> "failed".equals(result(step).getAttribute("data-state")));
        assertThat(result(step).getText()).startsWith("Not yet");
        WebElement hint = step.findElement(By.cssSelector(".step-hint"));
        assertThat(hint.isDisplayed()).as("the hint shows after a failed check").isTrue();
        assertThat(hint.getText()).contains("Hint:").contains("whoami > ~/me.txt");
        screenshot("lesson-check-failed.png");

        click(step.findElement(By.cssSelector(".step-show-solution")));
        assertThat(step.findElement(By.cssSelector(".step-solution")).getText()).isEqualTo("whoami > ~/me.txt");
        click(step.findElement(By.cssSelector(".step-run-solution")));
        await("the check to pass after the solution ran", () -> {
            String state = result(step).getAttribute("data-state");
            if ("passed".equals(state)) {
                return true;
            }
            if (!"checking".equals(state)) {
                click(step.findElement(By.cssSelector(".step-check")));
            }
            return false;
        });
        assertThat(hint.isDisplayed()).as("the hint hides once the step is done").isFalse();
        assertThat(browser.findElement(By.cssSelector("#step-nav a[data-step='1']")).getAttribute("class")).contains("is-done");
        assertThat(browser.findElement(By.id("done-count")).getText()).isEqualTo("1");
        screenshot("lesson-check-passed.png");

        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("step-1")).getAttribute("class")).as("progress survives a reload").contains("is-done");

        browser.get(base.resolve("/").toString());
        assertThat(browser.findElement(By.id("resume")).getText()).contains("Your first container, step 2");
        assertThat(browser.findElement(By.cssSelector(".lesson-card[data-slug='first-steps'] .card-progress")).getText())
                .contains("1 of 4 done");
        screenshot("catalog-progress.png");
    }

    @Test
    void theLanguageSwitchShowsTheLessonInKoreanAndTheChoiceSticks() throws Exception {
        browser.get(base.resolve("/lessons/first-steps?lang=en").toString());
        awaitStatus("ready");
        click(browser.findElement(By.cssSelector(".language-switch a[hreflang='ko']")));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "ko".equals(
                d.findElement(By.tagName("html")).getAttribute("lang")));
        assertThat(browser.findElement(By.cssSelector(".lesson-pane h1")).getText()).isEqualTo("첫 번째 컨테이너");
        assertThat(browser.findElement(By.cssSelector("#step-1 .step-check")).getText()).isEqualTo("확인");
        screenshot("lesson-korean.png");

        browser.get(base.resolve("/").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).as("the catalog follows the switch").isEqualTo("직접 해 보며 배우는 컨테이너");
        browser.get(base.resolve("/?lang=en").toString());
    }

    private WebElement result(WebElement step) {
        return step.findElement(By.cssSelector(".check-result"));
    }

    private void click(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(700))
                .withMessage(() -> {
                    try {
                        screenshot("lesson-failure.png");
                    } catch (Exception e) {
                        // the message matters more
                    }
                    return "waited in vain for " + what + " (see target/lesson-failure.png); step 1 shows: "
                            + browser.findElement(By.id("step-1")).getText().replace('\n', ' ');
                })
                .until(d -> condition.getAsBoolean());
    }

    private void awaitStatus(String state) {
        Browser.awaitStatus(browser, state);
    }

    private void screenshot(String name) {
        Browser.screenshot(browser, name);
    }
}
