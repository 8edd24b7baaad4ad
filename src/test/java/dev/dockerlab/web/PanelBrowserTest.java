package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The "under the hood" panel in a real browser against the real engine: the learner's processes
 * with both their PIDs, a file they make appearing above the image's layers, the memory gauge
 * moving under a memory-hungry command, and the terminal keeping 80 columns beside it.
 */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
class PanelBrowserTest extends BrowserTest {

    @Test
    void theForegroundCommandShowsItsPidInsideAndOnTheHostAndTheTerminalKeeps80Columns() {
        openLessonWithPanel();
        type("sleep 321");
        WebElement sleep = await("sleep 321 as the highlighted foreground process", d -> d.findElements(
                By.cssSelector("#panel-body .proc.is-foreground")).stream()
                .filter(p -> p.getText().contains("sleep 321") && !p.getAttribute("data-pid-inside").isEmpty())
                .findFirst().orElse(null));
        int inside = Integer.parseInt(sleep.getAttribute("data-pid-inside"));
        int host = Integer.parseInt(sleep.getAttribute("data-pid-host"));
        assertThat(inside).as("the PID inside the sandbox's own namespace is small").isLessThan(host);
        assertThat(sleep.getText()).contains("PID inside").contains(String.valueOf(inside))
                .contains("PID on the host").contains(String.valueOf(host));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", sleep);
        Browser.screenshot(browser, "panel-processes.png");

        terminalKey(Keys.chord(Keys.CONTROL, "c"));
        assertThat(columns("below")).as("columns of the terminal with the panel below it at 1280x800").isGreaterThanOrEqualTo(80);

        click(browser.findElement(By.cssSelector("#panel .panel-place")));
        assertThat(browser.findElement(By.id("terminal-pane")).getAttribute("data-panel")).isEqualTo("beside");
        assertThat(columns("beside")).as("columns of the terminal with the panel beside it at 1280x800").isGreaterThanOrEqualTo(80);
        Browser.screenshot(browser, "panel-beside.png");
        click(browser.findElement(By.cssSelector("#panel .panel-place")));
    }

    @Test
    void aFileMadeInTheTerminalAppearsInTheWritablePartAboveTheImagesLayers() {
        openLessonWithPanel();
        // by keyboard: from the Processes tab, two to the right is Layers
        WebElement tab = browser.findElement(By.id("panel-tab-processes"));
        tab.click();
        tab.sendKeys(Keys.ARROW_RIGHT);
        browser.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.findElement(By.id("panel-tab-layers")).getAttribute("aria-selected")).isEqualTo("true");
        await("the image's layers", d -> d.findElements(By.cssSelector("#panel-body .layer-image")).isEmpty() ? null : true);
        assertThat(browser.findElements(By.cssSelector("#panel-body .layer-image")).stream().map(WebElement::getText).toList())
                .as("each layer says the instruction that made it").anyMatch(t -> t.contains("USER learner"));

        type("echo hello > ~/made-in-the-terminal.txt");
        long typed = System.nanoTime();
        WebElement file = await("the new file in the writable part", d -> d.findElements(
                By.cssSelector("#panel-body .layer-writable [data-path='/home/learner/made-in-the-terminal.txt']"))
                .stream().findFirst().orElse(null));
        System.out.printf("panel: the file appeared in the writable part %d ms after it was typed%n",
                (System.nanoTime() - typed) / 1_000_000);
        assertThat(file.getText()).contains("file").contains("6 B");
        Browser.screenshot(browser, "panel-layers.png");
    }

    @Test
    void aMemoryHungryCommandMovesTheMemoryGauge() {
        openLessonWithPanel();
        click(browser.findElement(By.id("panel-tab-limits")));
        WebElement gauge = await("the memory gauge", d -> d.findElements(By.cssSelector("#panel-body [data-gauge='memory']"))
                .stream().filter(g -> !g.getAttribute("data-value").isEmpty()).findFirst().orElse(null));
        long before = Long.parseLong(gauge.getAttribute("data-value"));
        // tail keeps its last ten lines in memory: without a newline, the whole input, until it ends
        type("(head -c 200m /dev/zero; sleep 60) | tail > /dev/null");
        type("");
        long after = await("the memory gauge to rise by 150 MiB", d -> {
            for (WebElement g : d.findElements(By.cssSelector("#panel-body [data-gauge='memory']"))) {
                String value = g.getAttribute("data-value");
                if (!value.isEmpty() && Long.parseLong(value) > before + 150L * 1024 * 1024) {
                    return Long.parseLong(value);
                }
            }
            return null;
        });
        assertThat(after).isGreaterThan(before);
        Browser.screenshot(browser, "panel-limits.png");
        terminalKey(Keys.chord(Keys.CONTROL, "c"));

        type("head -c 3000M /dev/zero | tail > /dev/null; echo ENDED=$?");
        WebElement oom = await("the panel to say the kernel killed a process for memory", d -> d.findElements(
                By.cssSelector("#panel-body .oom")).stream().findFirst().orElse(null));
        assertThat(oom.getText()).contains("too much memory");
        Browser.screenshot(browser, "panel-oom.png");
    }

    @Test
    void aContainerTheLearnerRunsInTheirOwnDockerAppearsOnTheMapWithItsNetworkAndPortAndGoesWhenRemoved() {
        openLessonWithPanel("running-containers");
        click(browser.findElement(By.id("panel-tab-docker")));
        await("the learner's Docker engine on the map", d -> d.findElements(By.cssSelector("#panel-body .net-lane[data-network='bridge']"))
                .stream().findFirst().orElse(null));
        type("docker run -d --name web -p 8080:80 nginx");
        long typed = System.nanoTime();
        WebElement web = await("the container web on the bridge network with its port", d -> d.findElements(
                By.cssSelector("#panel-body .net-lane[data-network='bridge'] [data-container='web']")).stream()
                .filter(c -> !c.findElements(By.cssSelector("[data-port='8080->80/tcp']")).isEmpty()).findFirst().orElse(null));
        System.out.printf("panel: web appeared on the map %d ms after docker run was typed (includes the pull and start)%n",
                (System.nanoTime() - typed) / 1_000_000);
        assertThat(web.getText()).contains("web").contains("nginx");
        Browser.screenshot(browser, "panel-docker-map.png");

        type("docker rm -f web");
        await("web to leave the map", d -> d.findElements(By.cssSelector("#panel-body [data-container='web']")).isEmpty() ? true : null);
    }

    @Test
    void inKoreanThePanelSpeaksKorean() {
        browser.get(base.resolve("/lessons/first-steps?lang=ko").toString());
        Browser.awaitStatus(browser, "ready");
        WebElement toggle = browser.findElement(By.id("panel-toggle"));
        if (!"true".equals(toggle.getAttribute("aria-expanded"))) {
            click(toggle);
        }
        assertThat(toggle.getText()).isEqualTo("속 들여다보기");
        assertThat(browser.findElement(By.id("panel-tab-processes")).getText()).isEqualTo("프로세스");
        click(browser.findElement(By.id("panel-tab-processes")));
        await("a process with both PIDs in Korean", d -> d.findElements(By.cssSelector("#panel-body .proc")).stream()
                .filter(p -> p.getText().contains("호스트 PID")).findFirst().orElse(null));
        Browser.screenshot(browser, "panel-korean.png");
        browser.get(base.resolve("/?lang=en").toString());
    }

    private void openLessonWithPanel() {
        openLessonWithPanel("first-steps");
    }

    private void openLessonWithPanel(String lesson) {
        browser.get(base.resolve("/lessons/" + lesson + "?lang=en").toString());
        Browser.awaitStatus(browser, "ready");
        WebElement toggle = browser.findElement(By.id("panel-toggle"));
        if (!"true".equals(toggle.getAttribute("aria-expanded"))) {
            click(toggle);
        }
        click(browser.findElement(By.id("panel-tab-processes")));
        await("the panel to go live", d -> "live".equals(d.findElement(By.id("panel-body")).getAttribute("data-state")) ? true : null);
    }

    /** The terminal's width as the shell sees it, read back from the sandbox (xterm draws on a canvas). */
    private int columns(String name) {
        type("tput cols > ~/cols-" + name + ".txt");
        String id = sandboxes.find(Learner.idOf(browser.manage().getCookieNamed("dockerlab_learner").getValue()))
                .orElseThrow().containerId();
        String out = await("the terminal to write its width", d -> {
            String text = InContainer.asLearner(HostDocker.client(), id, "cat ~/cols-" + name + ".txt 2>/dev/null").output().trim();
            return text.matches("\\d+") ? text : null;
        });
        return Integer.parseInt(out);
    }

    private void type(String line) {
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys(line + "\n");
    }

    private void terminalKey(CharSequence keys) {
        browser.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys(keys);
    }

    private void click(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> {
                    Browser.screenshot(browser, "panel-failure.png");
                    return "waited in vain for " + what + " (see target/panel-failure.png); the panel shows: "
                            + browser.findElement(By.id("panel-body")).getText().replace('\n', ' ');
                })
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }
}
