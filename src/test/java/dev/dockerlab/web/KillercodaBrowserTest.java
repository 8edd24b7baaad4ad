package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A Killercoda scenario in a real browser (Debian's Chromium, headless), as its learner meets it:
 * the intro's foreground script typed into the terminal once its background one is done, the
 * scenario's own HTML rendered safely, Killercoda's code actions, a step known by its number, a
 * check that fails until the step is done, a "Run solution" that stops a command with Ctrl-C, and
 * the finish's script when the finish comes on screen.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@Needs(OptionalPart.CHROMIUM)
class KillercodaBrowserTest extends BrowserTest {

    @Test
    void aScenarioRunsItsSetUpShowsItsHtmlSafelyAndItsStepsCanBeDone() {
        browser.get(base.resolve("/lessons/processes").toString());
        Browser.awaitStatus(browser, "ready");
        // typed by the page, and it waits for the background script's marker
        awaitTerminal("(?m)^READY-FROM-FOREGROUND$");
        screenshot("killercoda-intro.png");

        WebElement intro = browser.findElement(By.cssSelector(".intro"));
        assertThat(intro.findElement(By.cssSelector("h2.page-title")).getText()).isEqualTo("Welcome to the process hunt");
        assertThat(intro.findElements(By.tagName("br"))).as("<br> is a line break, not text").hasSizeGreaterThanOrEqualTo(2);
        assertThat(intro.getText()).doesNotContain("<br>").contains("<script>alert('lesson')</script>");
        assertThat(browser.findElements(By.cssSelector(".lesson-pane script"))).as("no script of the lesson's is in the page")
                .isEmpty();
        assertThat(intro.findElement(By.tagName("b")).getText()).isEqualTo("stop");
        WebElement link = intro.findElement(By.xpath(".//a[text()='a harmless link']"));
        assertThat(link.getAttribute("href")).isNull();
        assertThat(link.getAttribute("onclick")).isNull();

        WebElement details = intro.findElement(By.tagName("details"));
        assertThat(details.getAttribute("open")).as("the drop-down starts closed").isNull();
        assertThat(details.findElement(By.tagName("code")).isDisplayed()).isFalse();
        click(details.findElement(By.tagName("summary")));
        assertThat(details.getAttribute("open")).as("a click on its summary opens it").isNotNull();
        assertThat(details.findElement(By.tagName("code")).isDisplayed()).isTrue();

        WebElement copyable = intro.findElement(By.xpath(".//code[text()='ps aux']"));
        assertThat(copyable.getAttribute("data-copy")).as("plain inline code is click-to-copy, as on Killercoda").isNotNull();
        assertThat(copyable.getAttribute("role")).isEqualTo("button");
        WebElement plain = intro.findElement(By.xpath(".//code[text()='not-for-copying']"));
        assertThat(plain.getAttribute("data-copy")).as("`x`{{}} is not copyable").isNull();
        assertThat(intro.getText()).doesNotContain("{{");
        assertThat(browser.findElement(By.cssSelector("#step-2 h2")).getText()).as("a step without a title: its number, once")
                .isEqualTo("Step 2");

        WebElement step1 = browser.findElement(By.id("step-1"));
        click(step1.findElement(By.cssSelector(".step-check")));
        await("step 1's check to fail while the set-up's sleeper runs",
                () -> "failed".equals(result(step1).getAttribute("data-state")));
        click(step1.findElement(By.cssSelector(".step-run-solution")));
        awaitPass(step1);

        WebElement step3 = browser.findElement(By.id("step-3"));
        assertThat(step3.findElements(By.cssSelector(".step-solution code[data-interrupt]"))).hasSize(1);
        click(step3.findElement(By.cssSelector(".step-run-solution")));
        awaitPass(step3);
        screenshot("killercoda-steps.png");

        WebElement finish = browser.findElement(By.id("finish"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", finish);
        assertThat(finish.findElement(By.cssSelector("h2.page-title")).getText()).isEqualTo("All caught");
        awaitTerminal("(?m)^finish-foreground-ran$");
    }

    private void awaitPass(WebElement step) {
        await("step " + step.getAttribute("data-step") + "'s check to pass after its solution ran", () -> Browser.checkPassed(browser, step));
    }

    private static WebElement result(WebElement step) {
        return step.findElement(By.cssSelector(".check-result"));
    }

    private void click(WebElement element) {
        Browser.click(browser, element);
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(700))
                .withMessage(() -> {
                    screenshot("killercoda-failure.png");
                    return "waited in vain for " + what + " (see target/killercoda-failure.png); the terminal shows:\n"
                            + terminalText();
                })
                .until(d -> condition.getAsBoolean());
    }

    private void awaitTerminal(String regex) {
        Browser.awaitTerminal(browser, regex, Duration.ofSeconds(60));
    }

    private String terminalText() {
        return Browser.terminalText(browser);
    }

    private void screenshot(String name) {
        try {
            Browser.screenshot(browser, name);
        } catch (RuntimeException e) {
            // the message matters more than the picture
        }
    }
}
