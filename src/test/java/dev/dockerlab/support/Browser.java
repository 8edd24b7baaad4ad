package dev.dockerlab.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxService;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: nothing downloads a browser or a
 * driver. A fresh profile each time, the flags that keep it off the (closed) network.
 */
public final class Browser {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {
    }

    public static ChromeDriver start() {
        if (!new File(CHROMIUM).exists() || !new File(CHROMEDRIVER).exists()) {
            throw new AssertionError("Debian's chromium and chromium-driver are needed: deploy/setup.sh --with-test-tools installs them");
        }
        try {
            Path profile = Files.createTempDirectory("dockerlab-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,800", "--user-data-dir=" + profile, "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the page's terminal status line says {@code state} (ready, connecting, ...). */
    public static void awaitStatus(ChromeDriver browser, String state) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "status never became " + state + "; it shows: "
                + browser.findElement(By.id("status")).getText())
                .until(d -> state.equals(d.findElement(By.id("status")).getAttribute("data-state")));
    }

    /** Removes the sandbox of the learner this browser is (by its cookie), if it has one. */
    public static void resetLearner(ChromeDriver browser, SandboxService sandboxes) {
        Cookie cookie = browser.manage().getCookieNamed("dockerlab_learner");
        if (cookie != null) {
            sandboxes.reset(new LearnerId(cookie.getValue()));
        }
    }

    /** Saves what the browser shows under target/. */
    public static void screenshot(ChromeDriver browser, String name) {
        try {
            Path target = Path.of("target", name);
            Files.createDirectories(target.getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
