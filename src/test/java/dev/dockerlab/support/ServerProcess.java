package dev.dockerlab.support;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/** The packaged server ({@code mvn package}) run as its own process, as an operator runs it. */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final URI base;

    private ServerProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    public static ServerProcess start(String name, int port, Map<String, String> environment, String... properties) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError("the packaged server is missing: run mvn package first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.port=" + port);
        // its own progress database: a server run by hand in this folder holds data/ (H2 allows one process per file)
        command.add("-Ddockerlab.data-dir=./target/" + name + "-data");
        command.addAll(List.of(properties));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + name + "-server.log")));
        builder.environment().putAll(environment);
        try {
            ServerProcess server = new ServerProcess(builder.start(), URI.create("http://localhost:" + port + "/"));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> server.ready(name));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI base() {
        return base;
    }

    /** SIGKILL: no shutdown hook, no goodbye to the browsers. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as a service manager stops it, and waits for it to finish. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the server did not stop within 30 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int readyStatus() {
        try {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(10000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean ready(String name) {
        if (!process.isAlive()) {
            throw new AssertionError("the server exited with " + process.exitValue() + "; see target/" + name + "-server.log");
        }
        return readyStatus() == 200;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
