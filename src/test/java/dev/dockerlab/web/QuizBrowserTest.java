package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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
 * A learner answers quizzes in a real browser (Debian's Chromium, headless): wrong, then right,
 * by mouse and by keyboard, in English and Korean; and sees the course on the catalog. Screenshots
 * of a quiz and of the course page in both languages go to target/.
 */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
@TestProfile(FixtureLessons.class)
class QuizBrowserTest extends BrowserTest {

    @Override
    @AfterEach
    protected void newLearner() {
        super.newLearner();
        browser.manage().deleteAllCookies(); // the next test is a new learner with no progress
    }

    @Test
    void aWrongAnswerSaysWhyAndTheRightOneExplainsAndMarksTheStepDone() {
        browser.get(base.resolve("/lessons/quiz?lang=en").toString());
        WebElement step = browser.findElement(By.id("step-1"));

        click(option(step, 0));
        click(step.findElement(By.cssSelector(".quiz-submit")));
        awaitVerdict(step, "incorrect");
        assertThat(result(step).getText()).startsWith("Not quite")
                .contains("containers start no kernel at all");
        assertThat(step.getAttribute("class")).doesNotContain("is-done");
        Browser.screenshot(browser, "quiz-wrong.png");

        click(option(step, 1));
        click(step.findElement(By.cssSelector(".quiz-submit")));
        awaitVerdict(step, "correct");
        assertThat(result(step).getText()).startsWith("Right").contains("uname -r prints the same release");
        assertThat(step.getAttribute("class")).contains("is-done");
        assertThat(browser.findElement(By.cssSelector("#step-nav a[data-step='1']")).getAttribute("class")).contains("is-done");
        assertThat(browser.findElement(By.id("done-count")).getText()).isEqualTo("1");
        Browser.screenshot(browser, "quiz-right.png");

        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("step-1")).getAttribute("class")).as("a right answer survives a reload")
                .contains("is-done");
    }

    @Test
    void aQuizCanBeAnsweredWithTheKeyboardAlone() {
        browser.get(base.resolve("/lessons/quiz?lang=en").toString());
        WebElement step = browser.findElement(By.id("step-3"));
        WebElement submit = step.findElement(By.cssSelector(".quiz-submit"));
        scrollTo(submit);
        submit.sendKeys(Keys.ENTER);
        assertThat(result(step).getText()).as("submitting nothing asks for a choice").isEqualTo("Choose an answer first.");

        WebElement first = step.findElement(By.cssSelector("input[value='0']"));
        assertThat(browser.switchTo().activeElement()).as("the first option takes the focus").isEqualTo(first);
        first.sendKeys(Keys.ARROW_DOWN); // radios: the arrow moves to False and chooses it
        assertThat(step.findElement(By.cssSelector("input[value='1']")).isSelected()).isTrue();
        browser.switchTo().activeElement().sendKeys(Keys.TAB); // the radio group is one stop; the next is Submit
        assertThat(browser.switchTo().activeElement()).isEqualTo(submit);
        submit.sendKeys(Keys.ENTER);
        awaitVerdict(step, "correct");
        assertThat(result(step).getText()).contains("Windows containers need a Windows kernel");
    }

    @Test
    void theQuizAndTheCourseSpeakKoreanAndShowTheCourseProgress() {
        browser.get(base.resolve("/lessons/quiz?lang=ko").toString());
        WebElement step = browser.findElement(By.id("step-2"));
        assertThat(step.findElement(By.cssSelector(".quiz-submit")).getText()).isEqualTo("제출");
        click(option(step, 1));
        click(option(step, 2));
        click(step.findElement(By.cssSelector(".quiz-submit")));
        awaitVerdict(step, "incorrect");
        assertThat(result(step).getText()).startsWith("아쉬워요").contains("하이퍼바이저는 가상 머신을 돌립니다");
        Browser.screenshot(browser, "quiz-korean.png");
        click(option(step, 2)); // unchoose the hypervisor
        click(option(step, 3));
        click(step.findElement(By.cssSelector(".quiz-submit")));
        awaitVerdict(step, "correct");

        browser.get(base.resolve("/?lang=ko").toString());
        assertThat(browser.findElement(By.id("course-title")).getText()).isEqualTo("픽스처 코스");
        assertThat(browser.findElement(By.id("course-progress")).getText()).isEqualTo("2개 강의 중 0개 완료");
        assertThat(browser.findElement(By.cssSelector(".lesson-card[data-slug='quiz'] .card-progress")).getText())
                .contains("4단계 중 1단계 완료");
        Browser.screenshot(browser, "course-korean.png");

        browser.get(base.resolve("/?lang=en").toString());
        assertThat(browser.findElement(By.id("course-title")).getText()).isEqualTo("Fixture course");
        assertThat(browser.findElement(By.cssSelector(".course-path .lesson-card[data-slug='quiz'] .course-number")).getText())
                .isEqualToIgnoringCase("Lesson 2");
        assertThat(browser.findElement(By.id("more-lessons")).getText()).contains("More lessons");
        Browser.screenshot(browser, "course-english.png");
    }

    private static WebElement option(WebElement step, int index) {
        return step.findElement(By.cssSelector("input[value='" + index + "']")).findElement(By.xpath(".."));
    }

    private static WebElement result(WebElement step) {
        return step.findElement(By.cssSelector(".quiz-result"));
    }

    private static void awaitVerdict(WebElement step, String state) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .withMessage(() -> "the quiz never said " + state + "; it shows: " + result(step).getText())
                .until(d -> state.equals(result(step).getAttribute("data-state")));
    }

    private static void scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    private static void click(WebElement element) {
        scrollTo(element);
        element.click();
    }
}
