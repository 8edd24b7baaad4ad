package dev.dockerlab.lesson;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.dockerlab.sandbox.SandboxProfile;

/**
 * Reads a Killercoda scenario folder as it is: {@code index.json} ({@code title},
 * {@code description}, {@code details.intro}, {@code details.steps[]} with {@code text},
 * {@code verify}, {@code background} and {@code foreground}, {@code details.finish},
 * {@code details.assets}, {@code backend.imageid}), the Markdown files it names with their
 * {@code {{exec}}}/{@code {{copy}}} markers, and the scripts. {@code verify} scripts become the
 * steps' checks; a step's solution is its click-to-run commands in order. The set-up scripts and
 * assets become the lesson's {@link Scenario}. A scenario that uses {@code docker} gets the
 * Docker sandbox, unless {@code dockerlab.yml} beside {@code index.json} says otherwise. What
 * cannot work here is a note on the page and a warning of the validator, file by file.
 */
final class KillercodaReader {

    /** The dockerlab file beside index.json: the few settings Killercoda has no place for. */
    static final String SETTINGS_FILE = "dockerlab.yml";
    static final Set<String> SETTINGS_KEYS = Set.of("sandbox");
    /** The most of one asset placed in a sandbox (it travels in one command's arguments). */
    static final long MAX_ASSET_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern HEADING = Pattern.compile("\\A\\s*#\\s+(.+?)[ \\t#]*(?:\\R|\\z)");
    private static final Pattern USES_DOCKER = Pattern.compile("(?<![\\w./-])docker(?:-compose)?(?![\\w.-])");
    private static final Pattern CHMOD = Pattern.compile("[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*");
    private static final Pattern TRAFFIC = Pattern.compile("\\{\\{TRAFFIC_HOST1_(\\d{1,5})\\}\\}");
    private static final Pattern OTHER_PLACEHOLDER = Pattern.compile("\\{\\{(TRAFFIC_[A-Z0-9_]+|[A-Z][A-Z0-9_]+)\\}\\}");

    private final Markdown markdown;
    private final Duration timeout;

    KillercodaReader(Markdown markdown, Duration timeout) {
        this.markdown = markdown;
        this.timeout = timeout;
    }

    Optional<LessonSet> read(Path folder, String slug, int order, List<Problem> problems) throws IOException {
        return read(folder, slug, order, problems, new ArrayList<>());
    }

    Optional<LessonSet> read(Path folder, String slug, int order, List<Problem> problems, List<Problem> limits)
            throws IOException {
        String dir = folder.getFileName().toString();
        String indexFile = dir + "/index.json";
        JsonNode index;
        try {
            index = JSON.readTree(LessonFiles.read(folder, folder.resolve("index.json")).orElse(""));
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
        Files files = new Files(folder, dir, problems, limits);
        String base = "/lessons/" + slug + "/";
        JsonNode details = index.path("details");
        String introHtml = titled(text(details.path("intro"), "title"),
                markdownFile(files, details.path("intro").path("text"), base));
        String finishHtml = titled(text(details.path("finish"), "title"),
                markdownFile(files, details.path("finish").path("text"), base));

        List<Scenario.Stage> stages = new ArrayList<>();
        stages.add(stage(files, Scenario.INTRO, details.path("intro"), "details.intro"));
        List<Lesson.Step> steps = new ArrayList<>();
        for (JsonNode stepNode : details.path("steps")) {
            int number = steps.size() + 1;
            String textPath = text(stepNode, "text");
            if (textPath.isBlank()) {
                problems.add(new Problem(indexFile, 0, "details.steps[" + (number - 1) + "] has no text file"));
                continue;
            }
            Optional<String> text = LessonFiles.read(folder, folder.resolve(textPath).normalize());
            if (text.isEmpty()) {
                problems.add(new Problem(indexFile, 0, "step " + number + ": its text file " + textPath + " is missing"));
                continue;
            }
            files.scan(textPath, text.get());
            String md = markdownOf(text.get());
            if (md.isBlank()) {
                problems.add(new Problem(dir + "/" + textPath, 0, "empty step: write what the learner should do"));
            }
            String stepTitle = text(stepNode, "title");
            Matcher heading = HEADING.matcher(md);
            if (stepTitle.isBlank() && heading.find()) {
                stepTitle = heading.group(1);
                md = md.substring(heading.end());
            }
            String stepBase = URIs.folderOf(base + textPath);
            Lesson.Check check = null;
            String verifyPath = text(stepNode, "verify");
            if (!verifyPath.isBlank()) {
                Optional<String> verify = LessonFiles.read(folder, folder.resolve(verifyPath).normalize());
                if (verify.isEmpty()) {
                    problems.add(new Problem(indexFile, 0, "step " + number + ": its verify script " + verifyPath + " is missing"));
                } else {
                    String script = verify.get();
                    files.scanScript(verifyPath, script);
                    if (script.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                        problems.add(new Problem(dir + "/" + verifyPath, 0, "a check without a command: the verify script is empty"));
                    } else {
                        check = new Lesson.Check(script, timeout, true);
                    }
                }
            }
            List<Lesson.Run> runs = markdown.runs(md);
            String solution = String.join("\n", runs.stream().map(Lesson.Run::command).toList());
            if (check != null && solution.isBlank()) {
                problems.add(new Problem(dir + "/" + textPath, 0, "step " + number + " has a verify script but no {{exec}}"
                        + " command: the lesson tests cannot show that the check can pass"));
            }
            steps.add(new Lesson.Step(number, stepTitle, markdown.killercodaToHtml(md, stepBase), "",
                    solution.isBlank() ? null : solution, check, null, runs));
            stages.add(stage(files, Integer.toString(number), stepNode, "details.steps[" + (number - 1) + "]"));
        }
        stages.add(stage(files, Scenario.FINISH, details.path("finish"), "details.finish"));
        if (steps.isEmpty()) {
            problems.add(new Problem(indexFile, 0, "the scenario has no steps (details.steps)"));
        }
        Optional<SandboxProfile> sandbox = sandbox(files, index, files.usesDocker,
                files.needsRoot || rootOnlyTargets(details.path("assets")));
        boolean asRoot = sandbox.orElse(null) == SandboxProfile.ROOT;
        files.limits.addAll(asRoot ? files.inMachine : files.rootNeeds);
        List<Scenario.Asset> assets = assets(files, details.path("assets"), asRoot);
        Scenario scenario = new Scenario(stages, assets);
        List<String> notes = notes(files, index, asRoot);
        Lesson lesson = new Lesson(slug, title, text(index, "description"), text(index, "time"), text(index, "difficulty"),
                order, List.of(), List.of(), introHtml, List.copyOf(steps), finishHtml, List.of(LessonSet.DEFAULT_LANGUAGE),
                LessonSet.DEFAULT_LANGUAGE, Lesson.Format.KILLERCODA, notes, sandbox, Optional.of(scenario));
        return Optional.of(new LessonSet(slug, order, folder, Map.of(LessonSet.DEFAULT_LANGUAGE, lesson)));
    }

    /**
     * Killercoda's machines come with Docker and a root learner; dockerlab's Docker sandbox costs
     * more, and root only exists in a machine inside it, so a scenario gets the root sandbox when
     * its files need root (lines {@link RootNeeds} knows, or assets aimed outside ~ and /tmp), the
     * Docker sandbox when they use {@code docker}, and the plain one otherwise. {@code dockerlab.yml}
     * ({@code sandbox: root}, {@code docker} or {@code plain}) overrides that.
     */
    private static Optional<SandboxProfile> sandbox(Files files, JsonNode index, boolean usesDocker, boolean needsRoot)
            throws IOException {
        String settingsFile = files.dir + "/" + SETTINGS_FILE;
        Optional<String> settings = LessonFiles.read(files.folder, files.folder.resolve(SETTINGS_FILE));
        if (settings.isPresent()) {
            JsonNode yaml;
            try {
                yaml = YAML.readTree(settings.get());
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                files.problems.add(new Problem(settingsFile, line, "not valid YAML: " + e.getOriginalMessage()));
                yaml = null;
            }
            if (yaml != null && yaml.isObject()) {
                yaml.fieldNames().forEachRemaining(key -> {
                    if (!SETTINGS_KEYS.contains(key)) {
                        files.problems.add(new Problem(settingsFile, 0, "unknown key " + key + " (known: sandbox)"));
                    }
                });
                if (yaml.has("sandbox")) {
                    Optional<SandboxProfile> chosen = SandboxProfile.parse(yaml.path("sandbox").asText(""));
                    if (chosen.isEmpty()) {
                        files.problems.add(new Problem(settingsFile, 0, "sandbox must be plain, docker or root (docker:"
                                + " the learner's own Docker engine; root: root in a machine of that engine)"));
                    }
                    return chosen;
                }
            } else if (yaml != null && !yaml.isMissingNode() && !yaml.isNull()) {
                files.problems.add(new Problem(settingsFile, 1, "must hold keys such as sandbox: docker"));
            }
        }
        if (needsRoot) {
            return Optional.of(SandboxProfile.ROOT);
        }
        return usesDocker ? Optional.of(SandboxProfile.DOCKER) : Optional.empty();
    }

    private static Scenario.Stage stage(Files files, String name, JsonNode node, String where) throws IOException {
        return new Scenario.Stage(name, files.script(node, "background", where), files.script(node, "foreground", where));
    }

    /** Whether an asset of {@code details.assets.host01} is aimed where only root may write. */
    private static boolean rootOnlyTargets(JsonNode assets) {
        for (JsonNode entry : assets.path("host01")) {
            String target = text(entry, "target");
            if (!target.isBlank() && sandboxFolder(target).isEmpty() && machineFolder(target).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code details.assets.host01}: {@code {"file": "x.sh" or a pattern, "target": "~/" , "chmod": "+x"}}.
     * Killercoda's learner is root, so targets are anywhere. In a root scenario's machine they are
     * too; elsewhere ~ and /root mean the learner's home, /tmp is /tmp, and anything else cannot be
     * written.
     */
    private static List<Scenario.Asset> assets(Files files, JsonNode assets, boolean asRoot) throws IOException {
        List<Scenario.Asset> placed = new ArrayList<>();
        if (!assets.isObject()) {
            return placed;
        }
        String indexFile = files.dir + "/index.json";
        var hosts = assets.fields();
        while (hosts.hasNext()) {
            var host = hosts.next();
            if (!host.getKey().equals("host01")) {
                files.limits.add(new Problem(indexFile, 0, "details.assets." + host.getKey() + ": dockerlab has one"
                        + " machine (host01); these assets are not placed"));
                continue;
            }
            int i = 0;
            for (JsonNode entry : host.getValue()) {
                String where = "details.assets.host01[" + i++ + "]";
                String pattern = text(entry, "file");
                String target = text(entry, "target");
                String chmod = text(entry, "chmod");
                if (pattern.isBlank() || target.isBlank()) {
                    files.problems.add(new Problem(indexFile, 0, where + " needs a file and a target"));
                    continue;
                }
                List<Path> matched = files.assetFiles(pattern);
                if (matched.isEmpty()) {
                    files.problems.add(new Problem(indexFile, 0, where + ": no file assets/" + pattern + " in the scenario"));
                    continue;
                }
                Optional<String> folder = asRoot ? machineFolder(target) : sandboxFolder(target);
                if (folder.isEmpty()) {
                    files.unplacedAssets = true;
                    files.limits.add(new Problem(indexFile, 0, where + ": target " + target + " cannot be written here (the"
                            + " learner is not root; only ~, /root, which means ~, and /tmp can be): assets/" + pattern
                            + " is not placed"));
                    continue;
                }
                if (!chmod.isBlank() && !CHMOD.matcher(chmod).matches()) {
                    files.limits.add(new Problem(indexFile, 0, where + ": chmod " + chmod + " is not a mode chmod"
                            + " understands (like +x or 755); the file keeps its mode"));
                    chmod = "";
                }
                // the matched files are real paths (LessonFiles.regularFile), so the folder they are named against must be too
                Path assetsRoot = files.folder.resolve("assets").toRealPath();
                for (Path file : matched) {
                    long size = java.nio.file.Files.size(file);
                    String name = assetsRoot.relativize(file).toString();
                    if (size > MAX_ASSET_BYTES) {
                        files.limits.add(new Problem(files.dir + "/assets/" + name, 0, "is " + (size / 1024) + " KiB:"
                                + " dockerlab places assets up to " + (MAX_ASSET_BYTES / 1024) + " KiB; it is not placed"));
                        continue;
                    }
                    placed.add(new Scenario.Asset(file, folder.get() + name, chmod));
                }
            }
        }
        return placed;
    }

    /** The folder an asset target means in the sandbox, ending with /; empty when the learner cannot write there. */
    static Optional<String> sandboxFolder(String target) {
        String t = target.strip();
        String rest;
        if (t.equals("~") || t.startsWith("~/")) {
            rest = "~" + t.substring(1);
        } else if (t.equals("/root") || t.startsWith("/root/")) {
            rest = "~" + t.substring("/root".length());
        } else if (t.equals("/tmp") || t.startsWith("/tmp/")) {
            rest = t;
        } else {
            return Optional.empty();
        }
        if (rest.contains("/../") || rest.endsWith("/..")) {
            return Optional.empty();
        }
        return Optional.of(rest.endsWith("/") ? rest : rest + "/");
    }

    /** The folder an asset target means in a root scenario's machine, ending with /: ~, or any absolute path. */
    static Optional<String> machineFolder(String target) {
        String t = target.strip();
        if (!(t.equals("~") || t.startsWith("~/") || t.startsWith("/")) || t.contains("/../") || t.endsWith("/..")) {
            return Optional.empty();
        }
        return Optional.of(t.endsWith("/") ? t : t + "/");
    }

    /** What of the scenario works differently or not at all here, said plainly on its page. */
    private static List<String> notes(Files files, JsonNode index, boolean asRoot) {
        List<String> notes = new ArrayList<>();
        String image = text(index.path("backend"), "imageid");
        String lower = image.toLowerCase(Locale.ROOT);
        if (lower.contains("node") || lower.contains("kubernetes")) {
            notes.add("This scenario was written for Killercoda's \"" + image + "\" environment, which has several"
                    + " machines (or a Kubernetes cluster). Here you have one sandbox: steps that use another node"
                    + " or kubectl will not work.");
            files.limits.add(new Problem(files.dir + "/index.json", 0, "backend " + image + ": dockerlab gives one"
                    + " sandbox, no Kubernetes cluster and no second node; steps that use them will not work"));
        } else if (!image.isBlank() && asRoot) {
            notes.add("This scenario was written for Killercoda's \"" + image + "\" machine. Here your terminal is root"
                    + " on a machine called ubuntu (Debian) that runs in your own sandbox as a container of your own"
                    + " Docker engine: root there, and an ordinary user to the server. It shows in docker ps; if you"
                    + " remove it, your terminal brings a fresh one back.");
        } else if (!image.isBlank()) {
            notes.add("This scenario was written for Killercoda's \"" + image + "\" machine, where you are root. Here it"
                    + " runs in your dockerlab sandbox (Debian) as an ordinary user, so commands that need root or"
                    + " software that sandbox lacks will not work.");
        }
        if (files.declaresScripts && !asRoot) {
            notes.add("This scenario's set-up scripts run in your sandbox as you, not as root as on Killercoda: one that"
                    + " installs software or writes outside your home folder and /tmp may not do all it should.");
        }
        if (files.unplacedAssets) {
            notes.add("Some of this scenario's files go where only root may write; they are not in your sandbox.");
        }
        return List.copyOf(notes);
    }

    /** Killercoda's own headings of the intro and finish pages ({@code details.intro.title}). */
    private static String titled(String title, String html) {
        return title.isBlank() ? html : "<h2 class=\"page-title\">" + RawHtml.escape(title) + "</h2>\n" + html;
    }

    private String markdownFile(Files files, JsonNode path, String base) throws IOException {
        if (!path.isTextual() || path.asText().isBlank()) {
            return "";
        }
        Optional<String> text = LessonFiles.read(files.folder, files.folder.resolve(path.asText()).normalize());
        if (text.isEmpty()) {
            files.problems.add(new Problem(files.dir + "/index.json", 0, path.asText() + " is missing"));
            return "";
        }
        files.scan(path.asText(), text.get());
        return markdown.killercodaToHtml(markdownOf(text.get()), URIs.folderOf(base + path.asText()));
    }

    /** Killercoda's Markdown as dockerlab's: markers moved into fences, a port's address to the learner's preview. */
    static String markdownOf(String text) {
        return TRAFFIC.matcher(Markdown.fromKillercoda(text)).replaceAll("/preview/$1/");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText("").strip() : "";
    }

    /** The scenario's files as the reader meets them, and what it learns from them on the way. */
    private final class Files {
        final Path folder;
        final String dir;
        final List<Problem> problems;
        final List<Problem> limits;
        boolean usesDocker;
        boolean unplacedAssets;
        boolean declaresScripts;
        /** Whether a script or a command of a step needs root (a line {@link RootNeeds} knows). */
        boolean needsRoot;
        /** What fails for a learner who is not root, line by line: reported unless the scenario runs as root. */
        final List<Problem> rootNeeds = new ArrayList<>();
        /** What fails even as root in the machine: reported when it runs as root. */
        final List<Problem> inMachine = new ArrayList<>();

        Files(Path folder, String dir, List<Problem> problems, List<Problem> limits) {
            this.folder = folder;
            this.dir = dir;
            this.problems = problems;
            this.limits = limits;
        }

        /** A stage's script text ({@code background} or {@code foreground}), empty when it has none or it is missing. */
        String script(JsonNode node, String field, String where) throws IOException {
            String path = text(node, field);
            if (path.isBlank()) {
                return "";
            }
            declaresScripts = true;
            Optional<String> text = LessonFiles.read(folder, folder.resolve(path).normalize());
            if (text.isEmpty()) {
                limits.add(new Problem(dir + "/index.json", 0, where + "." + field + ": " + path
                        + " is missing, so nothing runs there"));
                return "";
            }
            scanScript(path, text.get());
            return text.get();
        }

        /** A step's Markdown: Docker in use, raw HTML that is not rendered, placeholders without a meaning here. */
        void scan(String path, String text) {
            String file = dir + "/" + path;
            usesDocker |= markdown.code(Markdown.fromKillercoda(text)).stream().anyMatch(c -> USES_DOCKER.matcher(c).find());
            // the commands a step has the learner run decide root as a script's lines do (not every
            // code block: one that shows a Dockerfile or a file's text is not run)
            Set<String> said = new java.util.HashSet<>();
            markdown.runs(markdownOf(text)).stream().flatMap(r -> r.command().lines()).map(String::strip)
                    .filter(l -> !l.startsWith("#")).forEach(l -> rootLine(file, 0, l, said));
            for (Markdown.Reference dropped : markdown.droppedHtml(Markdown.fromKillercoda(text))) {
                limits.add(new Problem(file, dropped.line() + 1, dropped.destination()));
            }
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = OTHER_PLACEHOLDER.matcher(lines[i]);
                while (m.find()) {
                    if (!TRAFFIC.matcher(m.group()).matches()) {
                        limits.add(new Problem(file, i + 1, m.group() + " has no meaning in dockerlab and is shown as it is"
                                + " ({{TRAFFIC_HOST1_<port>}} works: it becomes the learner's /preview/<port>/)"));
                    }
                }
            }
        }

        /** A script: Docker in use, and lines that need root, which no script has here. */
        void scanScript(String path, String text) {
            String file = dir + "/" + path;
            String[] lines = text.split("\\R", -1);
            Set<String> said = new java.util.HashSet<>(); // one warning of each kind per file: its first line
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("#")) {
                    continue;
                }
                if (USES_DOCKER.matcher(line).find()) {
                    usesDocker = true;
                }
                rootLine(file, i + 1, line, said);
            }
        }

        /** A line as root sees it: whether it needs root, and what fails with or without it. */
        void rootLine(String file, int at, String line, Set<String> said) {
            Optional<String> why = RootNeeds.why(line);
            if (why.isEmpty()) {
                return;
            }
            needsRoot = true;
            if (said.add(why.get())) {
                rootNeeds.add(new Problem(file, at, why.get()));
            }
            RootNeeds.whyInMachine(line).filter(said::add).ifPresent(w -> inMachine.add(new Problem(file, at, w)));
        }

        /**
         * The files of {@code assets/} a Killercoda {@code file} entry names: a name, a folder, or a pattern such as {@code *};
         * each as its real path, so that they all name the same way whether the lessons folder was given relative or not.
         */
        List<Path> assetFiles(String pattern) throws IOException {
            Path assets = folder.resolve("assets");
            if (!java.nio.file.Files.isDirectory(assets) || pattern.contains("..")) {
                return List.of();
            }
            Path named = assets.resolve(pattern).normalize();
            if (named.startsWith(assets) && java.nio.file.Files.isRegularFile(named)) {
                return LessonFiles.regularFile(folder, named).map(List::of).orElse(List.of());
            }
            boolean wholeFolder = named.startsWith(assets) && java.nio.file.Files.isDirectory(named);
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> walk = java.nio.file.Files.walk(wholeFolder ? named : assets)) {
                return walk.filter(java.nio.file.Files::isRegularFile)
                        .filter(p -> wholeFolder || glob.matches(assets.relativize(p)))
                        .flatMap(p -> LessonFiles.regularFile(folder, p).stream())
                        .sorted().toList();
            }
        }
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
