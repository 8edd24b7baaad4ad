package dev.dockerlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/ is compiled only when it runs, yet it reuses the server's own classes (its engine,
 * hardening, stdin queue, keeper frames): a change to one of them that breaks the bench fails
 * here, with the build, instead of on the next benchmark.
 */
class BenchCompilesTest {

    @Test
    void theBenchCompilesAgainstTheServerClassesItReuses(@TempDir Path classes) throws IOException {
        List<String> args = new ArrayList<>(List.of("-nowarn", "-d", classes.toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        try (Stream<Path> sources = Files.list(Path.of("bench", "src"))) {
            sources.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        assertThat(args).as("bench/src holds the bench's sources").anyMatch(a -> a.endsWith("Bench.java"));

        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int result = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));

        assertThat(result).as("javac on bench/src:%n%s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(classes.resolve("Bench.class")).exists();
    }
}
