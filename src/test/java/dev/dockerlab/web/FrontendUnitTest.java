package dev.dockerlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The browser code's own unit tests (src/test/js, Node's built-in runner): backoff, ack batching,
 * close-code decisions and the connection state machine against a fake socket. Node is on every
 * machine of this project's kind; the page itself is tested in Chromium by BrowserEndToEndTest.
 */
class FrontendUnitTest {

    @Test
    void theTerminalClientsUnitTestsPass() throws Exception {
        runNodeTests("terminal-client.test.mjs");
    }

    /** The panel's pure parts: the process tree, sizes, shares, the Docker map's lanes, lesson links. */
    @Test
    void thePanelsUnitTestsPass() throws Exception {
        runNodeTests("panel.test.mjs");
    }

    /** The classroom's pure parts: the watch notice, following the presenter, the current step. */
    @Test
    void theLiveUnitTestsPass() throws Exception {
        runNodeTests("live.test.mjs");
    }

    /** The roster's pure parts: sorting, "how long ago", totals grouped by lesson. */
    @Test
    void theRostersUnitTestsPass() throws Exception {
        runNodeTests("roster-model.test.mjs");
    }

    private static void runNodeTests(String file) throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", file)
                    .directory(new File("src/test/js")).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("Node.js is needed for the front-end unit tests (apt-get install nodejs)", e);
        }
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("node --test finished").isTrue();
        assertThat(node.exitValue()).as("node --test output:\n" + output).isZero();
        assertThat(output).contains("# fail 0");
    }

    /**
     * The scripts show no sentence of their own: each word they {@code say('name')}, and each of
     * the terminal's WORDS, is a data- attribute of the lesson page's #words, rendered in the
     * page's language (a missing one would show its bare name).
     */
    @Test
    void everyWordTheScriptsShowComesFromTheLessonPage() throws IOException {
        String page = Files.readString(Path.of("src/main/resources/templates/PageResource/lesson.html"));
        Matcher block = Pattern.compile("<div id=\"words\"[^>]*>").matcher(page);
        assertThat(block.find()).as("lesson.html has <div id=\"words\">").isTrue();
        Set<String> onThePage = new TreeSet<>();
        Matcher attribute = Pattern.compile("data-([a-z-]+)=").matcher(block.group());
        while (attribute.find()) {
            onThePage.add(camelCase(attribute.group(1)));
        }

        Set<String> said = new TreeSet<>();
        try (Stream<Path> scripts = Files.list(Path.of("frontend"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
                String code = Files.readString(script);
                Matcher call = Pattern.compile("say\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)").matcher(code);
                while (call.find()) {
                    Matcher name = Pattern.compile("'(\\w+)'").matcher(call.group(1));
                    while (name.find()) {
                        said.add(name.group(1));
                    }
                }
            }
        }
        String client = Files.readString(Path.of("frontend/terminal-client.js"));
        Matcher words = Pattern.compile("export const WORDS = Object.freeze\\(\\{([^}]*(?:\\{\\w+\\}[^}]*)*)\\}\\);").matcher(client);
        assertThat(words.find()).as("terminal-client.js exports WORDS").isTrue();
        Matcher key = Pattern.compile("(?m)^\\s*(\\w+):").matcher(words.group(1));
        while (key.find()) {
            said.add(key.group(1));
        }

        assertThat(said).as("words the scripts show").hasSizeGreaterThan(40);
        assertThat(onThePage).as("the words on the lesson page").containsAll(said);
    }

    private static String camelCase(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
