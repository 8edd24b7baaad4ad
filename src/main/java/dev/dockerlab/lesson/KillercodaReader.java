package dev.dockerlab.lesson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Killercoda scenario folder as it is: {@code index.json} ({@code title},
 * {@code description}, {@code details.intro}, {@code details.steps[]} with {@code text} and
 * {@code verify}, {@code details.finish}, {@code backend.imageid}), the Markdown files it names
 * with their {@code {{exec}}}/{@code {{copy}}} markers, and the {@code verify.sh} scripts, which
 * become the steps' checks. A step's solution is its click-to-run commands in order. What cannot
 * apply in a dockerlab sandbox becomes a note for the page, not an error.
 */
final class KillercodaReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEADING = Pattern.compile("\\A\\s*#\\s+(.+?)[ \\t#]*(?:\\R|\\z)");

    private final Markdown markdown;
    private final Duration timeout;

    KillercodaReader(Markdown markdown, Duration timeout) {
        this.markdown = markdown;
        this.timeout = timeout;
    }

    Optional<LessonSet> read(Path folder, String slug, int order, List<Problem> problems) throws IOException {
        String dir = folder.getFileName().toString();
        String indexFile = dir + "/index.json";
        JsonNode index;
        try {
            index = JSON.readTree(Files.readString(folder.resolve("index.json"), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new Problem(indexFile, line, "not valid JSON: " + e.getOriginalMessage()));
            return Optional.empty();
        }
        if (index == null || !index.isObject()) {
            problems.add(new Problem(indexFile, 1, "index.json must hold one JSON object"));
            return Optional.empty();
        }
        String title = text(index, "title");
        if (title.isBlank()) {
            problems.add(new Problem(indexFile, 0, "index.json has no title"));
            return Optional.empty();
        }
        String base = "/lessons/" + slug + "/";
        JsonNode details = index.path("details");
        String introHtml = markdownFile(folder, dir, details.path("intro").path("text"), base, problems);
        String finishHtml = markdownFile(folder, dir, details.path("finish").path("text"), base, problems);

        List<Lesson.Step> steps = new ArrayList<>();
        boolean setupScripts = hasScripts(details.path("intro"));
        for (JsonNode stepNode : details.path("steps")) {
            int number = steps.size() + 1;
            String textPath = text(stepNode, "text");
            setupScripts |= hasScripts(stepNode);
            if (textPath.isBlank()) {
                problems.add(new Problem(indexFile, 0, "details.steps[" + (number - 1) + "] has no text file"));
                continue;
            }
            Path textFile = folder.resolve(textPath).normalize();
            if (!textFile.startsWith(folder) || !Files.isRegularFile(textFile)) {
                problems.add(new Problem(indexFile, 0, "step " + number + ": its text file " + textPath + " is missing"));
                continue;
            }
            String md = Markdown.fromKillercoda(Files.readString(textFile, StandardCharsets.UTF_8));
            if (md.isBlank()) {
                problems.add(new Problem(dir + "/" + textPath, 0, "empty step: write what the learner should do"));
            }
            String stepTitle = text(stepNode, "title");
            Matcher heading = HEADING.matcher(md);
            if (stepTitle.isBlank() && heading.find()) {
                stepTitle = heading.group(1);
                md = md.substring(heading.end());
            }
            if (stepTitle.isBlank()) {
                stepTitle = "Step " + number;
            }
            String stepBase = URIs.folderOf(base + textPath);
            Lesson.Check check = null;
            String verifyPath = text(stepNode, "verify");
            if (!verifyPath.isBlank()) {
                Path verify = folder.resolve(verifyPath).normalize();
                if (!verify.startsWith(folder) || !Files.isRegularFile(verify)) {
                    problems.add(new Problem(indexFile, 0, "step " + number + ": its verify script " + verifyPath + " is missing"));
                } else {
                    String script = Files.readString(verify, StandardCharsets.UTF_8);
                    if (script.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                        problems.add(new Problem(dir + "/" + verifyPath, 0, "a check without a command: the verify script is empty"));
                    } else {
                        check = new Lesson.Check(script, timeout, true);
                    }
                }
            }
            String solution = String.join("\n", markdown.runnableCommands(md));
            if (check != null && solution.isBlank()) {
                problems.add(new Problem(dir + "/" + textPath, 0, "step " + number + " has a verify script but no {{exec}}"
                        + " command: the lesson tests cannot show that the check can pass"));
            }
            steps.add(new Lesson.Step(number, stepTitle, markdown.toHtml(md, stepBase), "", solution.isBlank() ? null : solution,
                    check));
        }
        if (steps.isEmpty()) {
            problems.add(new Problem(indexFile, 0, "the scenario has no steps (details.steps)"));
        }

        List<String> notes = notes(index, setupScripts);
        Lesson lesson = new Lesson(slug, title, text(index, "description"), text(index, "time"), text(index, "difficulty"),
                order, List.of(), List.of(), introHtml, List.copyOf(steps), finishHtml, List.of(LessonSet.DEFAULT_LANGUAGE),
                LessonSet.DEFAULT_LANGUAGE, Lesson.Format.KILLERCODA, notes, Optional.empty());
        return Optional.of(new LessonSet(slug, order, folder, Map.of(LessonSet.DEFAULT_LANGUAGE, lesson)));
    }

    /** What of the scenario dockerlab does not do, said plainly. */
    private static List<String> notes(JsonNode index, boolean setupScripts) {
        List<String> notes = new ArrayList<>();
        String image = text(index.path("backend"), "imageid");
        String lower = image.toLowerCase(Locale.ROOT);
        if (lower.contains("node") || lower.contains("kubernetes")) {
            notes.add("This scenario was written for Killercoda's \"" + image + "\" environment, which has several"
                    + " machines (or a Kubernetes cluster). Here you have one sandbox: steps that use another node"
                    + " or kubectl will not work.");
        } else if (!image.isBlank()) {
            notes.add("This scenario was written for Killercoda's \"" + image + "\" machine, where you are root. Here it"
                    + " runs in your dockerlab sandbox (Debian) as an ordinary user, so commands that need root or"
                    + " software that sandbox lacks will not work.");
        }
        if (setupScripts) {
            notes.add("This scenario has set-up scripts (background/foreground) that prepare Killercoda's machine;"
                    + " dockerlab does not run them.");
        }
        if (index.path("details").has("assets")) {
            notes.add("This scenario copies asset files into Killercoda's machine; dockerlab does not, so they are not"
                    + " in your sandbox.");
        }
        return List.copyOf(notes);
    }

    private static boolean hasScripts(JsonNode node) {
        return !text(node, "background").isBlank() || !text(node, "foreground").isBlank();
    }

    private String markdownFile(Path folder, String dir, JsonNode path, String base, List<Problem> problems) throws IOException {
        if (!path.isTextual() || path.asText().isBlank()) {
            return "";
        }
        Path file = folder.resolve(path.asText()).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
            problems.add(new Problem(dir + "/index.json", 0, path.asText() + " is missing"));
            return "";
        }
        return markdown.toHtml(Markdown.fromKillercoda(Files.readString(file, StandardCharsets.UTF_8)),
                URIs.folderOf(base + path.asText()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText("").strip() : "";
    }

    /** Small helpers for lesson-relative addresses. */
    static final class URIs {
        private URIs() {
        }

        /** {@code /lessons/x/step1/text.md} to {@code /lessons/x/step1/}. */
        static String folderOf(String path) {
            String normalized = path.replace("/./", "/");
            return normalized.substring(0, normalized.lastIndexOf('/') + 1);
        }
    }
}
