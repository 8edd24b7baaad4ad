import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.sandbox.Labels;

/**
 * The packaged server as a process of its own, under an instance name of this run: learners
 * arrive through its pages and open terminals through its socket, as a browser does.
 */
final class ServerUnderTest implements AutoCloseable {

    /**
     * HTTP/1.1, as a browser speaks to a plain-HTTP server: the JDK's default, HTTP/2, upgrades
     * the connection (h2c), and its requests then carry {@code :authority} and no {@code Host}, so
     * the server's Origin check refused the classroom's join (403) for want of a Host to compare.
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final URI base;
    private final String instance;
    private final List<Learner> learners = new ArrayList<>();

    /** A learner the server issued: its cookie, as the page got it. */
    record Learner(String cookie) {

        /** The hash sandbox names and labels carry: of the id alone (the cookie is {@code <id>.<signature>}). */
        String hash() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256")
                        .digest(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.')).getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(d, 0, 8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ServerUnderTest(Process process, URI base, String instance) {
        this.process = process;
        this.base = base;
        this.instance = instance;
    }

    static ServerUnderTest start(String name, int poolSize) throws Exception {
        return start(name, poolSize, List.of());
    }

    /** The same with more JVM options for the server ({@code -Ddockerlab.lessons.dir=...}). */
    static ServerUnderTest start(String name, int poolSize, List<String> options) throws Exception {
        int port = freePort();
        String instance = Bench.RUN + "-" + name;
        List<String> command = new ArrayList<>(List.of(javaBin(),
                "-Dquarkus.http.port=" + port,
                "-Ddockerlab.sandbox.instance=" + instance,
                "-Ddockerlab.sandbox.max-sandboxes=" + (Bench.DENSITY + Bench.LEARNERS + 50),
                "-Ddockerlab.sandbox.pool-size=" + poolSize,
                "-Ddockerlab.sandbox.remove-on-shutdown=true",
                // the bench is many learners from one address: the per-address limits would measure themselves
                "-Ddockerlab.terminal.new-sandboxes-per-minute=0",
                "-Ddockerlab.terminal.upgrades-per-minute=0",
                "-Ddockerlab.instructor.token=" + Bench.INSTRUCTOR_TOKEN,
                "-Dquarkus.log.level=WARN",
                // as deploy/run.sh starts it: the JVM's options, with the class cache of this build
                "@deploy/jvm.options", "@target/quarkus-app/class-cache.options"));
        // bench.server-opts: more JVM options for the server, to try a setting (-Ddockerlab.terminal.window-bytes=...)
        command.addAll(options);
        String extra = System.getProperty("bench.server-opts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/bench-server.log")))
                .start();
        ServerUnderTest server = new ServerUnderTest(process, URI.create("http://localhost:" + port), instance);
        Waits.until(server::ready, 60_000, Waits.START_POLL_MICROS);
        return server;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the server exited; see target/bench-server.log");
        }
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/q/health/ready").toURL().openConnection();
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the server listens, as a browser reaches it. */
    URI base() {
        return base;
    }

    /** Until the warm pool holds this many sandboxes, as the readiness check reports. */
    void awaitPool(int size) {
        Waits.until(() -> {
            try {
                String body = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return body.replaceAll("\\s", "").contains("\"pooled\":" + size);
            } catch (Exception e) {
                return false;
            }
        }, 60_000);
    }

    /** A new learner: the page, which sets the learner's cookie. */
    Learner arrive() throws Exception {
        HttpResponse<Void> page = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.discarding());
        Learner learner = new Learner(page.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0]);
        learners.add(learner);
        return learner;
    }

    Term open(Learner learner, boolean autoAck) {
        return Term.open(base, learner.cookie(), autoAck);
    }

    /** A new learner: page load, then the socket; milliseconds from opening it to the prompt on screen. */
    double openToPrompt() throws Exception {
        Learner learner = arrive();
        long t0 = System.nanoTime();
        try (Term term = open(learner, true)) {
            term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(60));
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /** The learner's sandbox, by its labels (its name is enciphered: SandboxNames). */
    String containerOf(Learner learner) {
        String hash = learner.hash();
        return Sandboxes.DOCKER.listContainersCmd()
                .withLabelFilter(Map.of(Labels.INSTANCE, instance, Labels.LEARNER, hash)).exec()
                .stream().findFirst().map(Container::getId)
                .orElseThrow(() -> new IllegalStateException("no sandbox for learner " + hash));
    }

    void reset(Learner learner) throws Exception {
        HTTP.send(HttpRequest.newBuilder(base.resolve("/api/sandbox/reset"))
                .header("Cookie", learner.cookie()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    void resetAll() throws Exception {
        for (Learner learner : learners) {
            reset(learner);
        }
        learners.clear();
    }

    /** Heap in use (survivors, eden, old), as {@code jstat -gc} reports it. */
    double heapUsedMb() throws Exception {
        Process jstat = new ProcessBuilder(javaBin().replace("/java", "/jstat"), "-gc", Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
        String[] head = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < head.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                used += Double.parseDouble(values[i]);
            }
        }
        return used / 1024;
    }

    long pid() {
        return process.pid();
    }

    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
