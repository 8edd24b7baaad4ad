package dev.dockerlab.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dockerlab.i18n.AppMessages;
import dev.dockerlab.i18n.Languages;
import io.quarkus.qute.i18n.Message;

/**
 * The lesson validator: reads lessons the way the server does and reports every problem with
 * file and line (bad front matter, an empty step, a check without a command, a missing image, a
 * translation key a translation lacks, a quiz that cannot be answered right, a course file that
 * lists a lesson twice), and checks that every interface message is translated. A course lesson
 * whose folder has not landed yet is a warning, and what of a Killercoda scenario will not work
 * for a learner who is not root ("will not work here") a limit: both printed, neither a failure.
 * Run by the tests, and as a command: {@code deploy/validate-lessons.sh [lessons-folder...]}.
 */
public final class LessonValidator {

    private static final Pattern PROPERTY = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*[=:]");

    private LessonValidator() {
    }

    /** Every problem in the lessons under {@code root}, in the defaults the server uses. */
    public static List<Problem> lessons(Path root) {
        return load(root).problems();
    }

    /** What is worth knowing but not wrong: a course lesson whose folder has not landed yet. */
    public static List<Problem> warnings(Path root) {
        return load(root).warnings();
    }

    /**
     * What of the Killercoda scenarios under {@code root} will not work here, and why, file by
     * file: not wrong (the scenario is served), but a learner will meet it.
     */
    public static List<Problem> limits(Path root) {
        return load(root).limits();
    }

    private static LessonLoader.Loaded load(Path root) {
        return new LessonLoader(Duration.ofSeconds(10), Duration.ofSeconds(60)).load(root.toAbsolutePath().normalize());
    }

    /** Keys of the interface's message bundle that a translation lacks, or that no longer exist. */
    public static List<Problem> messages() {
        Map<String, Method> keys = new LinkedHashMap<>();
        for (Method m : AppMessages.class.getMethods()) {
            if (m.isAnnotationPresent(Message.class)) {
                keys.put(m.getName(), m);
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (String language : Languages.SUPPORTED) {
            if (language.equals(Languages.DEFAULT)) {
                continue;
            }
            String name = "messages/msg_" + language + ".properties";
            String file = "src/main/resources/" + name;
            Map<String, Integer> found = new LinkedHashMap<>();
            try (InputStream in = LessonValidator.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    problems.add(new Problem(file, 0, "missing: every interface language needs its messages file"));
                    continue;
                }
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].stripLeading().startsWith("#") || lines[i].stripLeading().startsWith("!")) {
                        continue;
                    }
                    Matcher m = PROPERTY.matcher(lines[i]);
                    if (m.find()) {
                        found.putIfAbsent(m.group(1), i + 1);
                    }
                }
            } catch (IOException e) {
                problems.add(new Problem(file, 0, "cannot be read: " + e.getMessage()));
                continue;
            }
            for (String key : keys.keySet()) {
                if (!found.containsKey(key)) {
                    problems.add(new Problem(file, 0, "missing translation key " + key + " (English: \""
                            + keys.get(key).getAnnotation(Message.class).value() + "\")"));
                }
            }
            found.forEach((key, line) -> {
                if (!keys.containsKey(key)) {
                    problems.add(new Problem(file, line, "unknown key " + key + ": AppMessages has no such message"));
                }
            });
        }
        return problems;
    }

    /** The lessons reader names files from inside the folder; show them from where the author stands. */
    private static Problem fromAuthor(Path root, Problem p) {
        return p.file().startsWith("/") || p.file().startsWith("src/") ? p
                : new Problem(root.resolve(p.file()).toString(), p.line(), p.message());
    }

    public static void main(String[] args) {
        List<String> folders = args.length == 0 ? List.of("lessons") : List.of(args);
        List<Problem> problems = new ArrayList<>(messages());
        List<Problem> warnings = new ArrayList<>();
        List<Problem> limits = new ArrayList<>();
        for (String folder : folders) {
            Path root = Path.of(folder);
            LessonLoader.Loaded loaded = load(root);
            loaded.problems().forEach(p -> problems.add(fromAuthor(root, p)));
            loaded.warnings().forEach(p -> warnings.add(fromAuthor(root, p)));
            loaded.limits().forEach(p -> limits.add(fromAuthor(root, p)));
        }
        problems.forEach(System.out::println);
        warnings.forEach(System.out::println);
        limits.forEach(p -> System.out.println(new Problem(p.file(), p.line(), "will not work here: " + p.message())));
        TreeSet<String> files = new TreeSet<>();
        problems.forEach(p -> files.add(p.file()));
        if (problems.isEmpty()) {
            System.out.println("No problems in " + String.join(", ", folders) + ".");
        } else {
            System.out.println(problems.size() + " problem(s) in " + files.size() + " file(s).");
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
