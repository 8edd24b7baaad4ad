import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.sun.net.httpserver.HttpServer;

/**
 * The learner's wait as the browser sees it: in headless Chromium, from clicking a lesson in the
 * catalog to the prompt in the terminal's buffer. A first visit (a fresh profile, nothing cached)
 * and a repeat visit (the same browser, its sandbox alive), beside a static page that loads the
 * same xterm.js and does nothing else: what the browser itself costs.
 */
final class BrowserWait {

    static final int VISITS = Integer.getInteger("bench.browser.visits", 6);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Where this run's browser profiles go, each visit's fresh; removed at the end. */
    private static final Path PROFILES = Path.of(System.getProperty("java.io.tmpdir"), Bench.RUN + "-chromium");

    /**
     * Runs in every new document before its own scripts: once the page's terminal module has
     * opened the terminal, it notes the moment the prompt is in xterm's buffer (milliseconds
     * since the navigation started, that is since the click). The module is found by the page's
     * own URL for it, so the watcher reads the page's one terminal, however the URL is versioned.
     */
    private static final String WATCH_PROMPT = """
            (() => {
              const moduleUrl = () => {
                const el = [...document.querySelectorAll('script[type=module][src], link[rel=modulepreload]')]
                    .find((e) => /\\/terminal\\.js(\\?|$)/.test(e.getAttribute('src') ?? e.getAttribute('href')));
                return el && new URL(el.getAttribute('src') ?? el.getAttribute('href'), location.href).href;
              };
              let module = null;
              const timer = setInterval(() => {
                if (!module) {
                  const url = document.readyState !== 'loading' && moduleUrl();
                  if (url) { module = import(url); module.catch(() => clearInterval(timer)); }
                  return;
                }
                module.then((m) => {
                  const t = m.openedTerminal?.();
                  if (!t || window.__promptAt) return;
                  const b = t.term.buffer.active;
                  for (let i = 0; i < b.length; i++) {
                    if (b.getLine(i).translateToString(true).includes('%s')) {
                      window.__promptAt = performance.now();
                      clearInterval(timer);
                      return;
                    }
                  }
                });
              }, 4);
            })();""".formatted(Bench.PROMPT);

    /**
     * Where one visit's wait went, read once the prompt is there: the navigation's own moments and
     * the page's marks (early-socket.js, terminal.js), in milliseconds from the click, and how many
     * requests went to the network (not answered from the cache).
     */
    private static final String WHERE = """
            const n = performance.getEntriesByType('navigation')[0];
            const at = { html: n.responseEnd, parsed: n.domInteractive, dcl: n.domContentLoadedEventEnd };
            for (const m of performance.getEntriesByType('mark')) {
              if (m.name.startsWith('dockerlab:')) at[m.name.slice(10)] = m.startTime;
            }
            at.prompt = window.__promptAt;
            at.requests = 1 + performance.getEntriesByType('resource').filter((r) => r.transferSize > 0).length;
            return at;""";

    /** The moments of {@link #WHERE}, in the order a visit passes them. */
    private static final List<String> MOMENTS = List.of("html", "socket", "parsed", "terminal", "terminal-open",
            "socket-open", "socket-first-message", "socket-first-output", "dcl", "ready", "first-screen", "prompt", "requests");

    private BrowserWait() {
    }

    /**
     * The static page's load, first and repeat visit; then the lesson on a server without a pool,
     * then on one with a warm pool of {@code poolSize} (one server at a time: they share the data directory).
     */
    static void measure(int poolSize) throws Exception {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            System.out.println("browser: no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver); skipped");
            return;
        }
        double[] baseline;
        double[] noPool;
        double[] pool;
        try {
            try (ServerUnderTest plain = ServerUnderTest.start("browser", 0)) {
                baseline = baseline(plain.base());
                noPool = lesson(plain, 0);
            }
            try (ServerUnderTest pooled = ServerUnderTest.start("browser-pool", poolSize)) {
                pooled.awaitPool(poolSize);
                pool = lesson(pooled, poolSize);
            }
        } finally {
            if (Files.exists(PROFILES)) {
                try (var profiles = Files.walk(PROFILES)) {
                    profiles.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        Report.row("Browser: click lesson -> prompt, first visit, no pool (ms, p50 of " + VISITS + ")",
                noPool[0], baseline[0], "<= 700; baseline: static page with xterm.js, first visit");
        Report.row("Browser: click lesson -> prompt, first visit, warm pool of " + poolSize + " (ms, p50)",
                pool[0], baseline[0], "<= 500; baseline as above");
        Report.row("Browser: click lesson -> prompt, repeat visit, no pool (ms, p50)",
                noPool[1], baseline[1], "<= 200; baseline: static page, repeat visit");
        Report.row("Browser: click lesson -> prompt, repeat visit, warm pool (ms, p50)",
                pool[1], baseline[1], "<= 200; baseline as above");
    }

    /** p50 of the first and of the repeat visit, each visit a new learner with a browser of its own. */
    private static double[] lesson(ServerUnderTest server, int poolSize) throws Exception {
        List<Double> first = new ArrayList<>();
        List<Double> repeat = new ArrayList<>();
        Map<String, List<Double>> firstAt = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> repeatAt = new java.util.LinkedHashMap<>();
        for (int i = 0; i < VISITS; i++) {
            ChromeDriver browser = start();
            try {
                browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_PROMPT));
                first.add(clickToPrompt(browser, server.base()));
                where(browser, firstAt);
                if (poolSize > 0) {
                    // the first visit took a pool sandbox: measure the repeat once the pool is full
                    // again, not while a container start for its refill competes for the cores
                    server.awaitPool(poolSize);
                }
                repeat.add(clickToPrompt(browser, server.base()));
                where(browser, repeatAt);
                Cookie cookie = browser.manage().getCookieNamed("dockerlab_learner");
                server.reset(new ServerUnderTest.Learner(cookie.getName() + "=" + cookie.getValue()));
            } finally {
                browser.quit();
            }
            if (poolSize > 0) {
                server.awaitPool(poolSize);
            }
        }
        print("first visit, pool " + poolSize, firstAt);
        print("repeat visit, pool " + poolSize, repeatAt);
        return new double[] {Report.p(first, 50), Report.p(repeat, 50)};
    }

    private static void where(ChromeDriver browser, Map<String, List<Double>> into) {
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) browser.executeScript(WHERE);
        at.forEach((name, value) -> {
            if (value instanceof Number number) {
                into.computeIfAbsent(name, k -> new ArrayList<>()).add(number.doubleValue());
            }
        });
    }

    /** The median moment of each step of the visits, in the order they come (not a figure: where the time goes). */
    private static void print(String visits, Map<String, List<Double>> at) {
        StringBuilder line = new StringBuilder("browser: where the wait goes, " + visits + " (p50, ms from the click):");
        for (String moment : MOMENTS) {
            if (at.containsKey(moment)) {
                line.append(' ').append(moment).append(' ').append(Math.round(Report.p(at.get(moment), 50)));
            }
        }
        System.out.println(line);
    }

    /** The catalog, then a click on its first lesson; milliseconds from the click's navigation to the prompt. */
    private static double clickToPrompt(ChromeDriver browser, URI base) {
        browser.get(base.toString());
        browser.findElement(By.cssSelector(".lesson-card a")).click();
        Object at = new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(20))
                .until(d -> browser.executeScript("return window.__promptAt"));
        return ((Number) at).doubleValue();
    }

    /** The static page's load, first and repeat visit (p50), served beside the server's xterm.js. */
    private static double[] baseline(URI server) throws Exception {
        String page = """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>xterm.js alone</title>
                <link rel="stylesheet" href="%1$s/webjars/xterm/css/xterm.css">
                <script src="%1$s/webjars/xterm/lib/xterm.js"></script>
                </head><body></body></html>""".formatted(server.toString().replaceAll("/$", ""));
        HttpServer statics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        statics.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        statics.start();
        try {
            String url = "http://127.0.0.1:" + statics.getAddress().getPort() + "/";
            List<Double> first = new ArrayList<>();
            List<Double> repeat = new ArrayList<>();
            for (int i = 0; i < VISITS; i++) {
                ChromeDriver browser = start();
                try {
                    first.add(loaded(browser, url));
                    repeat.add(loaded(browser, url));
                } finally {
                    browser.quit();
                }
            }
            return new double[] {Report.p(first, 50), Report.p(repeat, 50)};
        } finally {
            statics.stop(0);
        }
    }

    /** Navigation start to the end of the load event: xterm.js fetched, parsed and run. */
    private static double loaded(ChromeDriver browser, String url) {
        browser.get("about:blank");
        browser.get(url);
        return ((Number) browser.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd;")).doubleValue();
    }

    /** Debian's Chromium, headless, a fresh profile: nothing cached. The flags keep it off the network. */
    static ChromeDriver start() throws IOException {
        Path profile = Files.createTempDirectory(Files.createDirectories(PROFILES), "profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--user-data-dir=" + profile, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
