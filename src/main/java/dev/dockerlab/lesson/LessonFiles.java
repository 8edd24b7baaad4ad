package dev.dockerlab.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of one lesson folder, found by their real path. Comparing path text is not enough: a
 * link inside the folder ({@code intro.md -> /etc/passwd}, a {@code verify.sh} pointing at a
 * root-only file) passes a text check and is then followed. Lessons may come from authors the
 * operator trusts less than the server itself, so a file whose real path leaves its lesson's
 * folder is never read, served or run; links that stay inside it work as before.
 */
final class LessonFiles {

    private LessonFiles() {
    }

    /** The real path of {@code file} when it is a regular file inside {@code folder} (links resolved); empty otherwise. */
    static Optional<Path> regularFile(Path folder, Path file) {
        try {
            Path real = file.toRealPath();
            return real.startsWith(folder.toRealPath()) && Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The text of {@code file} (UTF-8) when it is a regular file inside {@code folder}; empty when missing or outside. */
    static Optional<String> read(Path folder, Path file) throws IOException {
        Optional<Path> real = regularFile(folder, file);
        return real.isEmpty() ? Optional.empty() : Optional.of(Files.readString(real.get(), StandardCharsets.UTF_8));
    }

    /** True when {@code file} exists (following links) but its real path lies outside {@code folder}. */
    static boolean leaves(Path folder, Path file) {
        try {
            return Files.exists(file) && !file.toRealPath().startsWith(folder.toRealPath());
        } catch (IOException | InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /**
     * Every link under {@code folder} that leads out of it (or nowhere), as a problem on the link
     * itself: the validator's report, whatever kind of file the link stands for (a step, an image,
     * a check script).
     */
    static List<Problem> linksOut(Path folder, String dir) {
        List<Problem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isSymbolicLink).forEach(link -> {
                if (!Files.exists(link) || leaves(folder, link)) {
                    problems.add(new Problem(dir + "/" + folder.relativize(link), 0, "a link that leads out of the lesson's"
                            + " folder (or nowhere): dockerlab neither reads, serves nor runs it; put the file itself in the folder"));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            problems.add(new Problem(dir, 0, "cannot be listed: " + e.getMessage()));
        }
        return problems;
    }
}
