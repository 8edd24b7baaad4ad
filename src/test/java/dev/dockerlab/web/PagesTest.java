package dev.dockerlab.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PagesTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void theCatalogListsTheLessonsAndGivesTheBrowserAnHttpOnlyLearnerCookie() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Set-Cookie", allOf(
                        matchesPattern("dockerlab_learner=[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43};.*"),
                        containsString("HTTPOnly"), containsString("SameSite=Lax"), containsString("Path=/")))
                .body(containsString("Your first container"), containsString("href=\"/lessons/first-steps\""));
    }

    @Test
    void aBrowserThatHasACookieKeepsIt() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/").then().statusCode(200)
                .header("Set-Cookie", equalTo(null));
    }

    @Test
    void aLessonPageHasTheLessonTheTerminalAndItsScripts() {
        given().get("/lessons/first-steps").then().statusCode(200)
                .body(containsString("<h1>Your first container</h1>"),
                        containsString("id=\"terminal\""),
                        containsString("id=\"divider\""),
                        containsString("id=\"status\""),
                        containsString("id=\"reset-dialog\""),
                        containsString("/webjars/xterm/lib/xterm.js"),
                        containsString("/webjars/xterm-addon-fit/lib/xterm-addon-fit.js"),
                        containsString("/assets/lesson.js"),
                        containsString("<pre data-run=\"\"><code class=\"language-bash\">whoami; hostname"),
                        containsString("<blockquote class=\"tip\">"),
                        containsString("<table>"));
    }

    @Test
    void anUnknownLessonIsA404PageThatPointsBackToTheCatalog() {
        given().accept("text/html").get("/lessons/no-such-lesson").then().statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("There is no lesson called &#39;no-such-lesson&#39;"), containsString("href=\"/\""));
    }

    @Test
    void theLessonApiListsSlugsTitlesStepsAndLanguages() throws java.io.IOException {
        int stepFiles;
        try (var steps = java.nio.file.Files.list(java.nio.file.Path.of("lessons/01-first-steps/steps"))) {
            stepFiles = (int) steps.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+-[^.]+\\.md")).count();
        }
        given().get("/api/lessons").then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("slug", hasItem("first-steps"))
                .body("find { it.slug == 'first-steps' }.title", equalTo("Your first container"))
                .body("find { it.slug == 'first-steps' }.steps", equalTo(stepFiles))
                .body("find { it.slug == 'first-steps' }.languages", hasItem("en"))
                .body("find { it.slug == 'first-steps' }.summary", notNullValue());
    }

    @Test
    void theCatalogPrefetchesEveryScriptALessonPageLoads() {
        String lesson = given().get("/lessons/first-steps").then().statusCode(200).extract().asString();
        String catalog = given().get("/").then().statusCode(200).extract().asString();
        Matcher scripts = Pattern.compile("<(?:script[^>]* src|link rel=\"modulepreload\" href)=\"([^\"]+\\.js)\"").matcher(lesson);
        List<String> loaded = scripts.results().map(m -> m.group(1)).toList();
        assertThat(loaded).map(PagesTest::unversioned).contains("/assets/lesson.js", "/webjars/xterm/lib/xterm.js");
        assertThat(lesson).as("the early socket, in the page's head").contains("globalThis.dockerlabEarlySocket = early;");
        for (String script : loaded) {
            assertThat(catalog).as("the catalog prefetches " + script).contains("<link rel=\"prefetch\" href=\"" + script + "\">");
        }
    }

    /** "/v/<version>/assets/x.js" as "/assets/x.js". */
    private static String unversioned(String url) {
        return url.replaceFirst("^/v/[0-9a-z]+/", "/");
    }

    @Test
    void thePagesNameTheirScriptsAndStylesByVersionAndTheBrowserKeepsThoseAYear() {
        String lesson = given().get("/lessons/first-steps").then().statusCode(200).extract().asString();
        List<String> urls = Pattern.compile("(?:src|href)=\"(/(?:v|assets|webjars)/[^\"]+)\"").matcher(lesson).results()
                .map(m -> m.group(1)).toList();
        assertThat(urls).as("the lesson page's scripts and styles").hasSizeGreaterThan(5)
                .allMatch(u -> u.matches("/v/[0-9a-z]+/(assets|webjars)/.+"), "under /v/<version>/");
        for (String url : urls) {
            given().get(url).then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("Set-Cookie", equalTo(null));
            given().get(unversioned(url)).then().statusCode(200).header("Cache-Control", "no-cache");
        }
    }

    @Test
    void scriptsAndStylesAreCompressedForABrowserThatAsks() {
        String lesson = given().get("/lessons/first-steps").then().statusCode(200).extract().asString();
        Matcher xterm = Pattern.compile("src=\"(/v/[0-9a-z]+/webjars/xterm/lib/xterm\\.js)\"").matcher(lesson);
        assertThat(xterm.find()).as("the lesson page loads xterm.js by version").isTrue();
        for (String url : List.of(xterm.group(1), "/assets/lesson.js", "/assets/app.css", "/lessons/first-steps")) {
            // no decoders: RestAssured then neither adds an Accept-Encoding of its own nor unpacks the body
            var asIs = io.restassured.RestAssured.config().decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders());
            given().config(asIs).header("Accept-Encoding", "gzip").get(url).then().statusCode(200).header("Content-Encoding", "gzip");
            given().config(asIs).get(url).then().statusCode(200).header("Content-Encoding", equalTo(null));
        }
    }

    @Test
    void theFrontEndAndXtermAreServed() {
        given().get("/assets/lesson.js").then().statusCode(200).body(containsString("/terminal"), not(containsString("{#")));
        given().get("/assets/terminal-client.js").then().statusCode(200);
        for (String module : new String[] {"terminal.js", "steps.js", "ui.js", "words.js", "early-socket.js"}) {
            given().get("/assets/" + module).then().statusCode(200);
        }
        given().get("/assets/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
        given().get("/assets/app.css").then().statusCode(200);
        given().get("/webjars/xterm/lib/xterm.js").then().statusCode(200);
        given().get("/webjars/xterm/css/xterm.css").then().statusCode(200);
        given().get("/webjars/xterm-addon-fit/lib/xterm-addon-fit.js").then().statusCode(200);
    }

    @Test
    void readinessSaysUpWhenTheEngineAnswersAndTheImageExists() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'docker-engine' }.data.image", equalTo("dockerlab/sandbox:latest"));
    }

    @Test
    void sandboxApiAnswers404BeforeTheFirstTerminalAnd403WithoutACookie() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox").then().statusCode(404)
                .body("message", containsString("no sandbox yet"));
        given().get("/api/sandbox").then().statusCode(403).body("message", containsString("learner cookie"));
        given().post("/api/sandbox/reset").then().statusCode(403);
    }

    @Test
    void resetFromAnotherSiteIsRefused() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).header("Origin", "http://evil.example")
                .post("/api/sandbox/reset").then().statusCode(403).body("message", containsString("own pages"));
    }

    @Test
    void everyApiRefusalIsTheOneJsonErrorShape() {
        Learner learner = Learner.arrive(base);
        given().cookie("dockerlab_learner", learner.cookieValue()).post("/api/progress").then().statusCode(405)
                .contentType(containsString("application/json")).body("message", containsString("docs/api.md"));
        given().post("/api/sandbox/reset").then().statusCode(403)
                .contentType(containsString("application/json")).body("message", containsString("learner cookie"));
        given().cookie("dockerlab_learner", learner.cookieValue()).header("Origin", "http://evil.example")
                .post("/api/lessons/first-steps/steps/1/check").then().statusCode(403)
                .contentType(containsString("application/json")).body("message", containsString("own pages"));
    }

    @Test
    void sandboxStatusTellsWhenItWasMadeAndWhenItEnds() {
        Learner learner = Learner.arrive(base);
        sandboxes.acquire(learner.id());
        try {
            given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox").then().statusCode(200)
                    .body("createdAt", notNullValue()).body("expiresAt", notNullValue())
                    .body("idleTimeoutSeconds", equalTo(1800));
        } finally {
            sandboxes.reset(learner.id());
        }
    }
}
