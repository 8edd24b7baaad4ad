package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.classroom.Instructor;
import dev.dockerlab.classroom.Instructors;
import dev.dockerlab.classroom.Workshop;
import dev.dockerlab.classroom.Workshops;
import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The classroom's live pages in Chromium against the real engine: the instructor's view of a
 * learner's terminal (read-only, then typing once the learner accepts), a learner's lesson page
 * showing the presenter's terminal and following the presenter's step, and the projector view.
 * Screenshots go to target/screenshots/.
 */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
class ClassroomLiveBrowserTest extends BrowserTest {

    private static final String TOKEN = "test-instructor-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Workshops workshops;

    @Inject
    Instructors instructors;

    @Inject
    LessonCatalog lessons;

    private final List<TerminalClient> clients = new ArrayList<>();
    private final List<Learner> learners = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(TerminalClient::close);
        learners.forEach(l -> sandboxes.reset(l.id()));
        browser.manage().deleteAllCookies();
    }

    /** A lesson with at least two steps, for following the presenter's step. */
    private Lesson lessonWithSteps() {
        return lessons.all().stream().filter(l -> l.steps().size() >= 2 && l.sandbox().isEmpty()).findFirst().orElseThrow();
    }

    private Workshop workshop(String name, Lesson lesson) {
        return workshops.create(Instructor.TOKEN, name, List.of(lesson.slug()), null, null);
    }

    private String origin() {
        return "http://" + base.getAuthority();
    }

    /** What a view opened by live.js (presenter or shadow) shows, its scrollback included. */
    private String viewText(String which) {
        Object text = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const own = document.querySelector('link[rel=modulepreload][href$="/live.js"]');
                import(new URL(own.getAttribute('href'), location.href).href).then((m) => {
                  const term = m.openedViews()[arguments[0]];
                  if (!term) { done('(no view yet)'); return; }
                  const b = term.buffer.active; let s = '';
                  for (let i = 0; i < b.length; i++) { s += b.getLine(i).translateToString(true) + '\\n'; }
                  done(s);
                }).catch((e) => done('(cannot read the view: ' + e + ')'));""", which);
        return text == null ? "" : text.toString();
    }

    private void awaitView(String which, String regex) {
        Pattern pattern = Pattern.compile(regex);
        new WebDriverWait(browser, WAIT).withMessage(() -> which + " never showed /" + regex + "/; it shows:\n"
                + viewText(which) + "\n" + Browser.whatThePageDid(browser))
                .until(d -> pattern.matcher(viewText(which)).find());
    }

    private void signInAsInstructor() {
        browser.get(base.resolve("/").toString());
        browser.manage().addCookie(new Cookie(Instructors.COOKIE, instructors.cookieValue()));
    }

    @Test
    void theInstructorSeesALearnersTerminalLiveAndTypesOnlyOnceTheLearnerAccepts() {
        Lesson lesson = lessonWithSteps();
        Workshop ws = workshop("shadow in a browser", lesson);
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        workshops.join(learner.id(), "198.51.100.7", ws.code(), "Mina", "en");
        TerminalClient mine = TerminalClient.open(base, learner.cookie(), origin(), "cols=90&rows=24");
        clients.add(mine);
        mine.await("learner@sandbox");
        mine.run("echo shadowed-$((6*7))");

        signInAsInstructor();
        browser.get(base.resolve("/instructor/workshops/" + ws.id() + "/shadow/" + learner.id().hash()).toString());
        awaitView("shadow", "shadowed-42");
        mine.awaitText("\"type\":\"watch\",\"viewers\":1", WAIT);
        mine.type("ls / | head -3; echo live-from-the-learner\r");
        awaitView("shadow", "live-from-the-learner");
        assertThat(browser.findElement(By.id("keyboard-state")).getAttribute("data-state")).isEqualTo("read-only");
        Browser.screenshot(browser, "screenshots/shadow-instructor-view.png");

        Browser.click(browser, browser.findElement(By.id("keyboard-ask")));
        mine.awaitText("\"keyboard\":\"asked\"", WAIT);
        mine.sendText("{\"type\":\"keyboard-accept\"}");
        new WebDriverWait(browser, WAIT).until(d -> "granted".equals(
                d.findElement(By.id("keyboard-state")).getAttribute("data-state")));
        browser.findElement(By.cssSelector("#terminal textarea")).sendKeys("echo typed-by-the-instructor\n");
        mine.await("typed-by-the-instructor");
        Browser.screenshot(browser, "screenshots/shadow-instructor-typing.png");

        mine.sendText("{\"type\":\"keyboard-take-back\"}");
        new WebDriverWait(browser, WAIT).until(d -> "read-only".equals(
                d.findElement(By.id("keyboard-state")).getAttribute("data-state")));
    }

    @Test
    void aLearnersPageShowsThePresentersTerminalAndFollowsTheirStep() {
        Lesson lesson = lessonWithSteps();
        Workshop ws = workshop("presenter in a browser", lesson);
        Learner instructorBrowser = Learner.arrive(base);
        learners.add(instructorBrowser);
        TerminalClient present = TerminalClient.openPath(base, "/workshops/" + ws.id() + "/present?cols=80&rows=20",
                instructorBrowser.cookie(), Map.of("Authorization", "Bearer " + TOKEN));
        clients.add(present);
        present.await("learner@sandbox");
        present.run("echo presented-$((8*8))");

        browser.get(base.resolve("/lessons/" + lesson.slug()).toString());
        Browser.awaitStatus(browser, "ready");
        Cookie cookie = browser.manage().getCookieNamed(Learner.COOKIE);
        workshops.join(Learner.idOf(cookie.getValue()), "198.51.100.8", ws.code(), "Joon", "en");
        browser.navigate().refresh();
        Browser.awaitStatus(browser, "ready");
        awaitView("presenter", "presented-64");
        new WebDriverWait(browser, WAIT).until(d -> "true".equals(
                d.findElement(By.id("presenter")).getAttribute("data-live")));
        present.type("echo and-live-$((9*9))\r");
        awaitView("presenter", "and-live-81");
        // the learner's own terminal stays theirs
        Browser.awaitTerminal(browser, "learner@sandbox", WAIT);
        assertThat(Browser.terminalText(browser)).doesNotContain("presented-64");

        present.sendText("{\"type\":\"position\",\"lesson\":\"" + lesson.slug() + "\",\"step\":2}");
        new WebDriverWait(browser, WAIT).withMessage("the lesson pane never followed the presenter to step 2")
                .until(d -> (Boolean) browser.executeScript("""
                        const pane = document.getElementById('lesson-pane').getBoundingClientRect();
                        const step = document.getElementById('step-2').getBoundingClientRect();
                        // at the top, or as near as the pane can scroll
                        const atEnd = Math.abs(document.getElementById('lesson-pane').scrollHeight
                            - document.getElementById('lesson-pane').scrollTop - pane.height) < 4;
                        return Math.abs(step.top - pane.top) < 80 || (atEnd && step.top < pane.bottom);"""));
        Browser.screenshot(browser, "screenshots/learner-with-presenter.png");

        Browser.click(browser, browser.findElement(By.cssSelector("#presenter .presenter-toggle")));
        assertThat(browser.findElement(By.id("presenter-body")).isDisplayed()).as("collapsed").isFalse();
        Browser.click(browser, browser.findElement(By.cssSelector("#presenter .presenter-toggle")));
    }

    @Test
    void theProjectorViewShowsLessonAndTerminalSideBySideInLargeType() {
        Lesson lesson = lessonWithSteps();
        Workshop ws = workshop("projector", lesson);
        signInAsInstructor();
        browser.get(base.resolve("/instructor/workshops/" + ws.id() + "/present?projector=true").toString());
        Browser.awaitStatus(browser, "ready");
        Browser.awaitTerminal(browser, "learner@sandbox", WAIT);
        Object fontPx = browser.executeScript("return parseFloat(getComputedStyle(document.body).fontSize);");
        assertThat(((Number) fontPx).doubleValue()).as("the projector's text size").isGreaterThanOrEqualTo(22);
        var lessonBox = browser.findElement(By.id("lesson-pane")).getRect();
        var terminalBox = browser.findElement(By.id("terminal-pane")).getRect();
        assertThat(terminalBox.getX()).as("terminal beside the lesson").isGreaterThan(lessonBox.getX() + lessonBox.getWidth() - 20);
        Browser.screenshot(browser, "screenshots/projector-view.png");
    }
}
