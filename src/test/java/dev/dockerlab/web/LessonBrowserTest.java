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
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;

/** A learner works through a step in a real browser (Debian's Chromium, headless): check, hint, solution, progress, Korean. */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
class LessonBrowserTest extends BrowserTest {

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
        assertThat(hint.getText()).contains("Hint:").contains("hostname > ~/hostname.txt");
        screenshot("lesson-check-failed.png");

        click(step.findElement(By.cssSelector(".step-show-solution")));
        assertThat(step.findElement(By.cssSelector(".step-solution")).getText()).isEqualTo("hostname > ~/hostname.txt");
        click(step.findElement(By.cssSelector(".step-run-solution")));
        await("the check to pass after the solution ran", () -> Browser.checkPassed(browser, step));
        assertThat(hint.isDisplayed()).as("the hint hides once the step is done").isFalse();
        assertThat(browser.findElement(By.cssSelector("#step-nav a[data-step='1']")).getAttribute("class")).contains("is-done");
        assertThat(browser.findElement(By.id("done-count")).getText()).isEqualTo("1");
        screenshot("lesson-check-passed.png");

        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("step-1")).getAttribute("class")).as("progress survives a reload").contains("is-done");

        browser.get(base.resolve("/").toString());
        assertThat(browser.findElement(By.id("resume")).getText()).contains("Your first container, step 2");
        assertThat(browser.findElement(By.cssSelector(".lesson-card[data-slug='first-steps'] .card-progress")).getText())
                .contains("1 of 7 done");
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

    @Test
    void inKoreanTheCodeButtonsAndTheTerminalsStatusWordsAreKorean() throws Exception {
        browser.get(base.resolve("/lessons/first-steps?lang=ko").toString());
        awaitStatus("ready");
        WebElement status = browser.findElement(By.id("status"));
        assertThat(status.getText()).isEqualTo("준비됨");
        WebElement run = browser.findElement(By.cssSelector("pre[data-run] .code-run"));
        assertThat(run.getText()).isEqualTo("실행");
        assertThat(run.getAttribute("title")).isEqualTo("이 명령을 터미널에서 실행합니다");
        assertThat(browser.findElement(By.id("divider")).getAttribute("aria-label")).isEqualTo("창 크기 조절");
        screenshot("lesson-korean-terminal.png");

        // the shell ends: the status, its reason, its action and the note in the terminal are Korean
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys("exit 3\n");
        awaitStatus("ended");
        assertThat(status.findElement(By.cssSelector(".status-text")).getText()).isEqualTo("종료됨");
        assertThat(status.findElement(By.cssSelector(".status-detail")).getAttribute("title")).isEqualTo("셸이 끝났습니다(종료 코드 3).");
        WebElement newShell = status.findElement(By.cssSelector(".status-action"));
        assertThat(newShell.getText()).isEqualTo("새 셸 시작");
        screenshot("lesson-korean-ended.png");
        newShell.click();
        awaitStatus("ready");
        assertThat(status.getText()).isEqualTo("준비됨");
        browser.get(base.resolve("/?lang=en").toString());
    }

    @Test
    void everyWordTheScriptsShowIsTranslatedOnTheKoreanPage() {
        String words = "return Object.assign({}, document.getElementById('words').dataset);";
        browser.get(base.resolve("/lessons/first-steps?lang=en").toString());
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> english = (java.util.Map<String, String>) ((JavascriptExecutor) browser).executeScript(words);
        browser.get(base.resolve("/lessons/first-steps?lang=ko").toString());
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> korean = (java.util.Map<String, String>) ((JavascriptExecutor) browser).executeScript(words);
        browser.get(base.resolve("/?lang=en").toString());

        assertThat(korean.keySet()).isEqualTo(english.keySet());
        assertThat(english).containsEntry("statusReconnecting", "Reconnecting in {seconds} s…")
                .containsEntry("codeRun", "Run");
        assertThat(korean).containsEntry("statusReconnecting", "{seconds}초 뒤 다시 연결…");
        for (String key : english.keySet()) {
            assertThat(korean.get(key)).as("the Korean page's word " + key).isNotEqualTo(english.get(key))
                    .matches(w -> w.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL),
                            "has Hangul");
        }
    }

    private WebElement result(WebElement step) {
        return step.findElement(By.cssSelector(".check-result"));
    }

    private void click(WebElement element) {
        Browser.click(browser, element);
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
