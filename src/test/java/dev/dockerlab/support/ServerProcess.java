package dev.dockerlab.support;

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
    private final Path log;

    private ServerProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    public static ServerProcess start(String name, int port, Map<String, String> environment, String... properties) {
        ServerProcess server = launch(name, port, environment, properties);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> server.ready(name));
        return server;
    }

    /** Starts the server without waiting for it to be ready (it may refuse to start). */
    public static ServerProcess launch(String name, int port, Map<String, String> environment, String... properties) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError("the packaged server is missing: run mvn package first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // with the server's JVM options, as deploy/run.sh starts it; not with the class cache, which
        // deploy/run.sh trains for a build once (a test's build is new each time, and the tests need no quick start)
        command.add("@deploy/jvm.options");
        command.add("-Dquarkus.http.port=" + port);
        // its own progress database: a server run by hand in this folder holds data/ (H2 allows one process per file)
        command.add("-Ddockerlab.data-dir=./target/" + name + "-data");
        command.addAll(List.of(properties));
        command.add("-jar");
        command.add(jar.toString());
        Path log = Path.of("target", name + "-server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(builder.start(), URI.create("http://localhost:" + port + "/"), log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code of a server that stops by itself (one that refuses to start). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server is still running after " + timeout);
        }
        return process.exitValue();
    }

    public URI base() {
        return base;
    }

    /** Everything the server wrote (its console log, stdout and stderr together), every run of this name. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    public boolean alive() {
        return process.isAlive();
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

    /** After a test: these servers (any may be null) killed, and every container of their instance removed. */
    public static void closeAll(String instance, ServerProcess... servers) {
        for (ServerProcess s : servers) {
            if (s != null) {
                s.close();
            }
        }
        HostDocker.removeInstance(instance);
    }
}
