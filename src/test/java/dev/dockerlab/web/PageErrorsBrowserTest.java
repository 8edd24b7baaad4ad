package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import dev.dockerlab.support.Browser;
import dev.dockerlab.support.BrowserTest;
import dev.dockerlab.support.Needs;
import dev.dockerlab.support.OptionalPart;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The catalog and a lesson load without a missing asset or an error in the browser's console, in
 * English and in Korean, on a first visit and from the cache: every request the page made (the
 * Performance API's entries, with their HTTP status) and every error Chromium logged.
 */
@QuarkusTest
@Needs(OptionalPart.CHROMIUM)
class PageErrorsBrowserTest extends BrowserTest {

    /** The page itself and every resource it loaded, with the status the browser got (0: from the cache, or not known). */
    private static final String REQUESTS = """
            return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .map((e) => ({ url: e.name, status: e.responseStatus ?? 0 }));""";

    @ParameterizedTest
    @ValueSource(strings = {"en", "ko"})
    void theCatalogAndALessonLoadEverythingTheyAskForAndLogNoError(String language) {
        for (int visit = 1; visit <= 2; visit++) {
            browser.manage().logs().get(LogType.BROWSER); // drops what earlier pages logged
            browser.get(base.resolve("/?lang=" + language).toString());
            assertLoadedCleanly("the catalog (" + language + ", visit " + visit + ")");

            browser.get(base.resolve("/lessons/first-steps?lang=" + language).toString());
            Browser.awaitStatus(browser, "ready");
            assertLoadedCleanly("the lesson (" + language + ", visit " + visit + ")");
        }
    }

    private void assertLoadedCleanly(String page) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> requests = (List<Map<String, Object>>) browser.executeScript(REQUESTS);
        assertThat(requests).as("what %s requested", page).isNotEmpty();
        assertThat(requests).as("requests of %s that failed", page)
                .filteredOn(r -> ((Number) r.get("status")).intValue() >= 400).isEmpty();
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                // errors only: xterm.js 4's canvas renderer warns about its own getImageData use
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::toString).toList();
        assertThat(errors).as("what the console of %s shows as an error", page).isEmpty();
    }
}
