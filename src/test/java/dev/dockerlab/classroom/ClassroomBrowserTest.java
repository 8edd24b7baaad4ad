package dev.dockerlab.classroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The classroom in a real browser at 1280x800 (Debian's Chromium, headless): the instructor signs
 * in with the token, creates a workshop, shows the code; a learner joins on the join page; the
 * live roster follows three more learners, sorts, and marks the one stuck longest. Screenshots in
 * target/screenshots/.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@Needs(OptionalPart.CHROMIUM)
class ClassroomBrowserTest extends BrowserTest {

    private final List<Learner> others = new ArrayList<>();

    @AfterEach
    void othersLeave() {
        others.forEach(l -> sandboxes.reset(l.id()));
    }

    private void await(String what, Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> what + "\n" + Browser.whatThePageDid(browser))
                .until(d -> condition.get());
    }

    private void shot(String name) {
        Browser.screenshot(browser, "screenshots/" + name);
    }

    /** Nothing wider than the 1280 px window: no sideways scrolling. */
    private void fitsTheWindow(String page) {
        Object wide = browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) wide).intValue()).as(page + " is no wider than the window").isLessThanOrEqualTo(0);
    }

    @Test
    void anInstructorShowsTheCodeLearnersJoinAndTheRosterFollowsThem() {
        browser.get(base.resolve("/instructor?lang=en").toString());
        await("a stranger is sent to sign in", () -> browser.getCurrentUrl().contains("/instructor/sign-in"));
        browser.findElement(By.id("token")).sendKeys(AsInstructor.TOKEN);
        shot("instructor-sign-in.png");
        browser.findElement(By.cssSelector("form[action='/instructor/sign-in'] button")).click();
        await("the workshop list after signing in", () -> !browser.findElements(By.id("create-form")).isEmpty());

        browser.findElement(By.id("workshop-name")).sendKeys("Containers 101, room 4");
        Browser.click(browser, browser.findElement(By.cssSelector("input[name=lessons][value=checks]")));
        Browser.click(browser, browser.findElement(By.cssSelector("input[name=lessons][value=quiz]")));
        shot("instructor-create.png");
        fitsTheWindow("the workshop list");
        Browser.click(browser, browser.findElement(By.cssSelector("#create-form button[type=submit]")));
        await("the workshop's projector page", () -> !browser.findElements(By.id("join-code")).isEmpty());
        String display = browser.findElement(By.id("join-code")).getText();
        assertThat(display).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(browser.findElement(By.cssSelector("#join-qr svg")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("join-link")).getText()).endsWith("/join/" + display);
        shot("workshop-projector.png");
        fitsTheWindow("the projector page");
        String workshopUrl = browser.getCurrentUrl();

        // a learner follows the link (the code filled in) and joins with a name
        browser.get(base.resolve("/join/" + display + "?lang=en").toString());
        assertThat(browser.findElement(By.id("join-code")).getAttribute("value")).isEqualTo(display);
        browser.findElement(By.id("join-name")).sendKeys("Browser Bo");
        shot("join.png");
        fitsTheWindow("the join page");
        browser.findElement(By.cssSelector("#join-form button[type=submit]")).click();
        await("the catalog with the workshop", () -> !browser.findElements(By.id("workshop")).isEmpty());
        assertThat(browser.findElement(By.id("workshop-title")).getText()).isEqualTo("Workshop: Containers 101, room 4");
        shot("catalog-workshop.png");

        // three more learners: one reads step 1 and finishes it, two sit on steps they have not finished
        String code = display.replace("-", "");
        Learner ada = learner(code, "Ada Lovelace");
        Learner grace = learner(code, "Grace Hopper");
        Learner linus = learner(code, "Linus");
        position(ada, "checks", 1);
        given().cookie(Learner.COOKIE, ada.cookieValue()).post("/api/lessons/checks/steps/1/check").then().statusCode(200);
        position(grace, "checks", 2);
        position(linus, "quiz", 1);

        browser.get(workshopUrl + "/roster");
        await("four learners on the roster", () -> browser.findElements(By.cssSelector("#roster tbody tr")).size() == 4);
        await("the totals", () -> browser.findElement(By.id("totals")).getText().contains("1 of 4 have finished step 1"));
        // Grace has sat on step 2 since before Linus sat on his: once both count as stuck, she is the one stuck longest
        await("the learner stuck longest stands out", () -> !browser.findElements(By.cssSelector("tr.is-stuck-longest")).isEmpty()
                && browser.findElement(By.cssSelector("tr.is-stuck-longest td.name")).getText().startsWith("Grace Hopper"));
        shot("roster.png");
        fitsTheWindow("the roster");

        Browser.click(browser, browser.findElement(By.cssSelector("button[data-sort=passed]")));
        Browser.click(browser, browser.findElement(By.cssSelector("button[data-sort=passed]")));
        await("sorted by steps passed, most first", () -> browser.findElement(By.cssSelector("#roster tbody tr td.name")).getText()
                .startsWith("Ada Lovelace"));
        assertThat(browser.findElement(By.cssSelector("th[aria-sort]")).getAttribute("aria-sort")).isEqualTo("descending");

        browser.get(workshopUrl + "/roster?lang=ko");
        await("the roster in Korean", () -> browser.findElement(By.id("totals")).getText().contains("4명 중 1명이 1단계를 마쳤습니다"));
        assertThat(browser.findElement(By.cssSelector("button[data-sort=name]")).getText()).isEqualTo("이름");
        shot("roster-ko.png");
        fitsTheWindow("the Korean roster");
        browser.get(workshopUrl + "?lang=ko");
        shot("workshop-projector-ko.png");
        fitsTheWindow("the Korean projector page");
        browser.get(base.resolve("/join?lang=ko").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("워크숍 참여하기");
        shot("join-ko.png");

        // the instructor closes with ten minutes' warning: the learner's lesson page says so
        String id = workshopUrl.substring(workshopUrl.lastIndexOf('/') + 1);
        AsInstructor.given().body(Map.of("warningSeconds", 600)).post("/api/workshops/" + id + "/close").then().statusCode(200);
        browser.get(base.resolve("/lessons/checks?lang=en").toString());
        await("the closing warning on the lesson page", () -> !browser.findElements(By.id("workshop-closing")).isEmpty());
        assertThat(browser.findElement(By.id("workshop-closing")).getText()).startsWith("This workshop is closing");
        shot("lesson-workshop-closing.png");
        browser.get(base.resolve("/?lang=en").toString());
    }

    @Test
    void aWrongCodeOnTheJoinPageSaysSoInThePagesLanguage() {
        browser.get(base.resolve("/join?lang=ko").toString());
        browser.findElement(By.id("join-code")).sendKeys("ZZZZ-ZZZZ");
        browser.findElement(By.id("join-name")).sendKeys("Ada");
        browser.findElement(By.cssSelector("#join-form button[type=submit]")).click();
        WebElement result = browser.findElement(By.id("join-result"));
        await("the refusal", () -> result.getText().contains("코드로 열린 워크숍이 없습니다"));
        assertThat(result.getAttribute("class")).contains("is-error");
        shot("join-wrong-code-ko.png");
        browser.get(base.resolve("/?lang=en").toString());
    }

    private Learner learner(String code, String name) {
        Learner learner = Learner.arrive(base);
        others.add(learner);
        given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", name)).post("/api/workshops/join").then().statusCode(200);
        return learner;
    }

    private static void position(Learner learner, String lesson, int step) {
        given().cookie(Learner.COOKIE, learner.cookieValue()).contentType(ContentType.JSON)
                .body(Map.of("lesson", lesson, "step", step)).post("/api/progress/position").then().statusCode(200);
    }
}
