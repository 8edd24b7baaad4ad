package dev.dockerlab.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import java.time.Duration;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dockerlab.sandbox.SandboxService;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: nothing downloads a browser or a
 * driver. A fresh profile each time, the flags that keep it off the (closed) network.
 */
public final class Browser {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {
    }

    public static ChromeDriver start() {
        // Classes that start a browser are @Needs(CHROMIUM): they are skipped, not failed, without one.
        Assumptions.assumeTrue(OptionalPart.CHROMIUM.isPresent(), OptionalPart.CHROMIUM::whyMissing);
        try {
            Path profile = Files.createTempDirectory("dockerlab-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,800", "--user-data-dir=" + profile, "--lang=en-US");
            // the console's messages, for the tests that fail on any error there (PageErrorsBrowserTest)
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the page's terminal status line says {@code state} (ready, connecting, ...). A
     * page whose scripts Chromium dropped with {@code net::ERR_NETWORK_CHANGED} (BrowserTest says
     * why: the page's own sandbox, or the pool's next one, adds a veth on this host) is loaded
     * once more; any other failure is reported as it is.
     */
    public static void awaitStatus(ChromeDriver browser, String state) {
        try {
            waitForStatus(browser, state);
        } catch (TimeoutException e) {
            if (e.getMessage() == null || !e.getMessage().contains("ERR_NETWORK_CHANGED")) {
                throw e;
            }
            browser.navigate().refresh();
            waitForStatus(browser, state);
        }
    }

    private static void waitForStatus(ChromeDriver browser, String state) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(() -> "status never became " + state + "; it shows: "
                + browser.findElement(By.id("status")).getText() + "\n" + whatThePageDid(browser))
                .until(d -> state.equals(d.findElement(By.id("status")).getAttribute("data-state")));
    }

    /**
     * What a failed wait's report needs to tell "the page's code never ran" from "the server
     * never answered": the console's messages and the files the page loaded (and when).
     */
    public static String whatThePageDid(ChromeDriver browser) {
        StringBuilder report = new StringBuilder();
        try {
            screenshot(browser, "last-failed-wait.png");
            report.append("console:");
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                report.append("\n  ").append(entry.getLevel()).append(' ').append(entry.getMessage());
            }
            Object loaded = browser.executeScript("return performance.getEntriesByType('resource').map(e =>"
                    + " e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration)"
                    + " + 'ms status ' + (e.responseStatus ?? '?')).join('\\n  ')");
            report.append("\nloaded (start+duration):\n  ").append(loaded);
        } catch (RuntimeException e) {
            report.append("\n(could not read the page: ").append(e.getMessage()).append(')');
        }
        return report.append("\nserver threads in dockerlab's code:\n").append(serverThreadsInOurCode()).toString();
    }

    /**
     * The server runs in this JVM: its threads (virtual ones too) that stand in dockerlab's own
     * code, for a wait that failed because the server never answered.
     */
    private static String serverThreadsInOurCode() {
        try {
            Path dump = Files.createTempFile("dockerlab-threads", ".txt");
            Files.delete(dump);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            StringBuilder ours = new StringBuilder();
            for (String thread : Files.readString(dump).split("\n\n")) {
                // a stream waiting for a learner's keystrokes is the normal state of every open terminal
                boolean idleStdin = thread.contains("StdinQueue.read") || thread.contains("HeldOpen.read");
                if (thread.contains("dev.dockerlab.") && !thread.contains("dev.dockerlab.support.") && !idleStdin) {
                    ours.append(thread.strip()).append("\n\n");
                }
            }
            Files.delete(dump);
            return ours.isEmpty() ? "(none)" : ours.toString();
        } catch (java.io.IOException | RuntimeException e) {
            return "(could not dump them: " + e + ")";
        }
    }

    /** Removes the sandbox of the learner this browser is (by its cookie), if it has one. */
    public static void resetLearner(ChromeDriver browser, SandboxService sandboxes) {
        Cookie cookie = browser.manage().getCookieNamed("dockerlab_learner");
        if (cookie != null) {
            sandboxes.reset(Learner.idOf(cookie.getValue()));
        }
    }

    /**
     * The page's own terminal module (a module is one instance per URL and page: the one the page
     * preloads, however versioned) reads xterm's screen, line by line; any failure is the answer's text.
     */
    private static final String TERMINAL_TEXT = """
            const done = arguments[arguments.length - 1];
            const own = document.querySelector('link[rel=modulepreload][href$="/terminal.js"]');
            if (!own) { done('(no terminal on this page)'); return; }
            import(new URL(own.getAttribute('href'), location.href).href).then((m) => {
              const b = m.openedTerminal().term.buffer.active; let s = '';
              for (let i = 0; i < b.length; i++) { s += b.getLine(i).translateToString(true) + '\\n'; }
              done(s);
            }).catch((e) => done('(cannot read the terminal: ' + e + ')'));""";

    /** What the page's terminal shows, its scrollback included. */
    public static String terminalText(ChromeDriver browser) {
        Object text = browser.executeAsyncScript(TERMINAL_TEXT);
        return text == null ? "" : text.toString();
    }

    /** Waits until the page's terminal shows something matching {@code regex}. */
    public static void awaitTerminal(ChromeDriver browser, String regex, Duration timeout) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        new WebDriverWait(browser, timeout).withMessage(() -> "terminal never showed /" + regex + "/; it shows:\n"
                + terminalText(browser)).until(d -> pattern.matcher(terminalText(browser)).find());
    }

    /** Clicks an element as a learner would: scrolled into the middle of the view first. */
    public static void click(ChromeDriver browser, org.openqa.selenium.WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    /**
     * One poll of a step's check as a learner waiting for it: true once the step says passed; while
     * no check is running, asks for another (a check may run before the terminal's work is done).
     */
    public static boolean checkPassed(ChromeDriver browser, org.openqa.selenium.WebElement step) {
        String state = step.findElement(org.openqa.selenium.By.cssSelector(".check-result")).getAttribute("data-state");
        if ("passed".equals(state)) {
            return true;
        }
        if (!"checking".equals(state)) {
            click(browser, step.findElement(org.openqa.selenium.By.cssSelector(".step-check")));
        }
        return false;
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
