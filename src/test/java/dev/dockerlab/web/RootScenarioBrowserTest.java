package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import dev.dockerlab.support.FixtureLessons;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A Killercoda scenario written for root, Docker and a set-up script (test-lessons/12-site-on-the-machine,
 * shaped like the public ones: a background script that writes /etc and /root, adds a user and
 * pulls an image, a foreground script that waits for it, raw HTML, a solution drop-down, click-to-run
 * blocks), in a real browser (Debian's Chromium, headless), as its learner meets it: the set-up's
 * result in the root terminal, the page's formatting, each verify failing before the learner's work
 * and passing after it, the work done by clicking the page's code actions into the xterm terminal;
 * root writing /root and /etc, and a package installed from the Debian mirror with apt-get.
 * One learner for the class (its machine costs an engine start); each test goes on from the last.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@Needs(OptionalPart.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RootScenarioBrowserTest extends BrowserTest {

    private static final String SLUG = "site-on-the-machine";
    /** The first terminal starts the learner's engine, pulls the machine's image and runs the set-up. */
    private static final Duration FIRST = Duration.ofSeconds(180);
    private static final Duration SLOW = Duration.ofSeconds(90);

    @Override
    @AfterEach
    protected void newLearner() {
        // one learner for the whole class: its machine is what the tests go on with
    }

    @AfterAll
    void leave() {
        if (browser != null) {
            // off the lesson first: a page left open would reconnect and make the learner a new sandbox
            browser.get("about:blank");
            Browser.resetLearner(browser, sandboxes);
        }
    }

    @Test
    @Order(1)
    void theSetUpRunsAsRootAndThePageShowsTheScenariosFormatting() {
        browser.get(base.resolve("/lessons/" + SLUG).toString());
        Browser.awaitStatus(browser, "ready");
        // the intro's foreground script, typed by the page into the root terminal, waits for the background one
        Browser.awaitTerminal(browser, "(?m)^Machine ready\\s*$", FIRST);
        screenshot("root-scenario-intro.png");

        WebElement intro = browser.findElement(By.cssSelector(".intro"));
        assertThat(intro.findElements(By.tagName("br"))).as("<br> is a line break, not text").hasSizeGreaterThanOrEqualTo(2);
        assertThat(intro.getText()).doesNotContain("<br>").doesNotContain("<b>");
        assertThat(intro.findElement(By.tagName("b")).getText()).isEqualTo("Machine ready");
        assertThat(intro.findElement(By.tagName("strong")).getText()).isEqualTo("root");

        WebElement step1 = browser.findElement(By.id("step-1"));
        assertThat(step1.findElement(By.tagName("h2")).getText()).as("the title index.json gives the step")
                .endsWith("Fix the configuration");
        assertThat(step1.findElements(By.tagName("br"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(step1.getText()).doesNotContain("<br>").doesNotContain("{{");

        // the set-up's work, seen by clicking the step's first code action: it runs in the root terminal
        click(step1.findElement(By.xpath(".//code[@data-run and text()='cat /etc/site/site.conf']")));
        Browser.awaitTerminal(browser, "(?m)^docroot = /var/wwww/site\\s*$", SLOW);
        type("stat -c '%U %n' /root/site/index.html; id -un");
        Browser.awaitTerminal(browser, "(?m)^site /root/site/index.html\\s*$", SLOW);
        Browser.awaitTerminal(browser, "(?m)^root\\s*$", SLOW);
    }

    @Test
    @Order(2)
    void eachVerifyFailsBeforeTheWorkAndPassesAfterTheCodeActionsRanInTheTerminal() {
        WebElement step1 = browser.findElement(By.id("step-1"));
        checkFails(step1);

        WebElement details = step1.findElement(By.tagName("details"));
        assertThat(details.getAttribute("open")).as("the solution drop-down starts closed").isNull();
        WebElement run = details.findElement(By.cssSelector("pre[data-run] .code-run"));
        assertThat(run.isDisplayed()).isFalse();
        click(details.findElement(By.tagName("summary")));
        assertThat(details.getAttribute("open")).as("a click on its summary opens it").isNotNull();
        assertThat(details.findElement(By.tagName("summary")).getText()).isEqualTo("Solution");
        click(run);
        awaitPass(step1);
        type("grep docroot /etc/site/site.conf");
        Browser.awaitTerminal(browser, "(?m)^docroot = /var/www/site\\s*$", SLOW);

        WebElement step2 = browser.findElement(By.id("step-2"));
        checkFails(step2);
        // the multi-line block: cd, docker build, docker run, each typed with its Enter
        click(step2.findElement(By.cssSelector("pre[data-run]:not(details pre) .code-run")));
        awaitPass(step2);
        screenshot("root-scenario-steps.png");

        WebElement finish = browser.findElement(By.id("finish"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", finish);
        assertThat(finish.findElements(By.tagName("br"))).hasSize(1);
        assertThat(browser.findElement(By.id("done-count")).getText()).isEqualTo("2");
    }

    @Test
    @Order(3)
    void rootWritesRootsHomeAndEtcButTheSandboxIsStillTheLearner() {
        type("echo \"written by $(id -un)\" > /root/note && cat /root/note");
        Browser.awaitTerminal(browser, "(?m)^written by root\\s*$", SLOW);
        type("echo 'ServerName site' >> /etc/site/site.conf && tail -n 1 /etc/site/site.conf | tr a-z A-Z");
        Browser.awaitTerminal(browser, "(?m)^SERVERNAME SITE\\s*$", SLOW);
        String learner = browser.manage().getCookieNamed("dockerlab_learner").getValue();
        var inspect = HostDocker.client().inspectContainerCmd(sandboxes.find(Learner.idOf(learner)).orElseThrow().containerId())
                .exec();
        assertThat(inspect.getConfig().getUser()).as("the sandbox itself still runs as the learner").isEqualTo("1000:1000");
        assertThat(inspect.getHostConfig().getPrivileged()).isFalse();
        screenshot("root-scenario.png");
    }

    @Test
    @Order(4)
    void aPackageInstalledFromTheDebianMirrorRunsOnTheMachine() {
        Assumptions.assumeTrue(OptionalPart.DEBIAN_MIRROR.isPresent(), OptionalPart.DEBIAN_MIRROR::whyMissing);
        type("test -x /usr/games/cowsay || echo \"no cow$((6 * 7))\"");
        Browser.awaitTerminal(browser, "(?m)^no cow42\\s*$", SLOW);
        // the egress policy's default (internet) lets the machine reach the mirror through the sandbox
        type("apt-get update -q && apt-get install -y -q cowsay && /usr/games/cowsay \"installed as $(id -un)\"");
        Browser.awaitTerminal(browser, "< installed as root >", Duration.ofSeconds(120));
        screenshot("root-scenario-apt.png");
    }

    private void checkFails(WebElement step) {
        click(step.findElement(By.cssSelector(".step-check")));
        await("step " + step.getAttribute("data-step") + "'s check to fail before the learner's work",
                () -> "failed".equals(result(step).getAttribute("data-state")));
    }

    private void awaitPass(WebElement step) {
        await("step " + step.getAttribute("data-step") + "'s check to pass after the learner's work", () -> Browser.checkPassed(browser, step));
    }

    private static WebElement result(WebElement step) {
        return step.findElement(By.cssSelector(".check-result"));
    }

    private void type(String line) {
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys(line + "\n");
    }

    private void click(WebElement element) {
        Browser.click(browser, element);
    }

    private void await(String what, BooleanSupplier condition) {
        new WebDriverWait(browser, SLOW).pollingEvery(Duration.ofMillis(700))
                .withMessage(() -> {
                    screenshot("root-scenario-failure.png");
                    return "waited in vain for " + what + " (see target/root-scenario-failure.png); the terminal shows:\n"
                            + Browser.terminalText(browser);
                })
                .until(d -> condition.getAsBoolean());
    }

    private void screenshot(String name) {
        try {
            Browser.screenshot(browser, name);
        } catch (RuntimeException e) {
            // the message matters more than the picture
        }
    }
}
