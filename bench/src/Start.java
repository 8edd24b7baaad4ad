import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P5: server process start to ready (its {@code /q/health/ready} answers 200), median of 3.
 * Two baselines: {@code java -version} (the JVM alone), and a bare Quarkus application of the
 * server's Quarkus version with REST and health only (bench/bare, built by bench/run.sh) from
 * its start to its own {@code /q/health/ready}: what any Quarkus JVM application pays here.
 * Both run with the JVM options deploy/run.sh gives the server (deploy/jvm.options), each with the
 * class cache of its own build (bench/run.sh makes both: on JDK 25 and later the JDK's AOT cache,
 * trained once per build; before, a class-data archive the first of the three starts writes).
 */
final class Start {

    /** The bare Quarkus application bench/run.sh builds. */
    static final Path BARE = Path.of("bench", "bare", "target", "quarkus-app", "quarkus-run.jar");

    private Start() {
    }

    static void measure() throws Exception {
        List<Double> served = new ArrayList<>();
        List<Double> jvm = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            try (ServerUnderTest server = ServerUnderTest.start("start" + i, 0)) {
                served.add((System.nanoTime() - t0) / 1e6);
            }
            long t1 = System.nanoTime();
            new ProcessBuilder(ServerUnderTest.javaBin(), "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            jvm.add((System.nanoTime() - t1) / 1e6);
            if (Files.exists(BARE)) {
                bare.add(bareStartToReady());
            }
        }
        Report.row("P5 server start to ready, median of 3 (ms)", Report.p(served, 50), Report.p(jvm, 50),
                "baseline: `java -version`");
        if (!bare.isEmpty()) {
            Report.row("P5 server start to ready vs a bare Quarkus app (ms)", Report.p(served, 50), Report.p(bare, 50),
                    "<= 1500 ms; baseline: bench/bare (REST + health, no database, no Docker) to its /q/health/ready");
        }
    }

    /** Milliseconds from starting the bare application to its readiness answering 200. */
    private static double bareStartToReady() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        long t0 = System.nanoTime();
        // like for like: the server's JVM options (deploy/jvm.options), with the class cache of its own build
        List<String> command = new ArrayList<>(List.of(ServerUnderTest.javaBin(), "-Dquarkus.http.port=" + port,
                "@deploy/jvm.options", "@" + BARE.resolveSibling("class-cache.options")));
        command.addAll(List.of("-jar", BARE.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Waits.until(() -> answers(ready), 60_000, Waits.START_POLL_MICROS);
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
