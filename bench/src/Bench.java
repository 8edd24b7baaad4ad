import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * dockerlab's benchmark: every figure is measured against the packaged server and the real
 * engine, next to a baseline measured in the same run. Run it with bench/run.sh.
 *
 * <p>Baselines are docker-java talking to the engine directly with the same image: a raw
 * {@code docker exec -it bash -l} (or {@code -t} for output), and for output also the sandbox's
 * shell keeper attached without the server, so a ratio shows what the server adds.
 */
public class Bench {

    static final String IMAGE = System.getProperty("bench.image", "dockerlab/sandbox:latest");
    static final int LEARNERS = Integer.getInteger("bench.learners", 30);
    static final int KEYS = Integer.getInteger("bench.keys", 1000);
    static final int DENSITY = Integer.getInteger("bench.density", 200);
    /** What the sandbox's prompt starts with: open-to-prompt waits for it, not for any first byte. */
    static final String PROMPT = "learner@sandbox";
    /** The raw baseline's shell: what `docker exec -it SANDBOX bash -l` starts. */
    static final String ATTACH = "exec bash -l";

    static final DockerClient DOCKER = docker();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String[]> ROWS = new ArrayList<>();
    static final String RUN = "bench-" + Long.toHexString(System.currentTimeMillis());

    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "all";
        System.out.println("dockerlab bench, run " + RUN + " on " + machine());
        try {
            if (only.equals("all") || only.equals("start")) {
                p5Start();
            }
            try (Server server = Server.start("main", 0)) {
                if (only.equals("all") || only.equals("p1")) {
                    p1Cold(server);
                }
                if (only.equals("all") || only.equals("p2")) {
                    p2Echo(server);
                }
                if (only.equals("all") || only.equals("p3")) {
                    p3Throughput(server);
                    ctrlC(server);
                }
                if (only.equals("all") || only.equals("burst")) {
                    burst(server);
                }
                if (only.equals("all") || only.equals("p4")) {
                    p4Density(server);
                }
            }
            if (only.equals("all") || only.equals("p1")) {
                try (Server pooled = Server.start("pool", 4)) {
                    p1Warm(pooled);
                }
            }
        } finally {
            removeLeftovers();
            report();
        }
    }

    // ---------------------------------------------------------------- P1 open-to-prompt

    static List<Double> baselineOpens;

    static void p1Cold(Server server) throws Exception {
        List<Double> served = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            served.add(server.openToPrompt(null));
        }
        baselineOpens = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            baselineOpens.add(rawCreateStartAttach());
        }
        server.resetAll();
        row("P1 open-to-prompt, cold, p50 (ms)", p(served, 50), p(baselineOpens, 50), "<= 300 ms");
        row("P1 open-to-prompt, cold, p95 (ms)", p(served, 95), p(baselineOpens, 95), "");
    }

    static void p1Warm(Server server) throws Exception {
        List<Double> served = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            server.awaitPool(4);
            served.add(server.openToPrompt(null));
        }
        List<Double> baseline = baselineOpens != null ? baselineOpens : List.of(rawCreateStartAttach());
        row("P1 open-to-prompt, warm pool, p50 (ms)", p(served, 50), p(baseline, 50), "<= 60 ms");
        row("P1 open-to-prompt, warm pool, p95 (ms)", p(served, 95), p(baseline, 95), "");
    }

    /** docker-java alone: create and start a sandbox-like container, exec a login bash with a TTY, until its prompt. */
    static double rawCreateStartAttach() throws Exception {
        long t0 = System.nanoTime();
        String id = DOCKER.createContainerCmd(IMAGE)
                .withName("dockerlab-" + RUN + "-raw-" + System.nanoTime())
                .withLabels(Map.of("dockerlab.managed", "true", "dockerlab.instance", RUN, "dockerlab.learner", "bench"))
                .withUser("1000:1000").withHostName("sandbox").withCmd("sleep", "infinity")
                .withHostConfig(HostConfig.newHostConfig().withCapDrop(Capability.ALL).withInit(true)
                        .withReadonlyRootfs(true).withMemory(512L << 20).withMemorySwap(512L << 20)
                        .withPidsLimit(256L).withSecurityOpts(List.of("no-new-privileges:true"))
                        .withTmpFs(Map.of("/home/learner", "rw,exec,size=256m,uid=1000,gid=1000", "/tmp", "rw,exec,size=64m,mode=1777",
                                "/run", "rw,size=16m")))
                .exec().getId();
        DOCKER.startContainerCmd(id).exec();
        RawTerminal raw = RawTerminal.attach(id);
        raw.awaitText(PROMPT, Duration.ofSeconds(20));
        double ms = (System.nanoTime() - t0) / 1e6;
        raw.close();
        DOCKER.removeContainerCmd(id).withForce(true).exec();
        return ms;
    }

    // ---------------------------------------------------------------- P2 keystroke echo

    static void p2Echo(Server server) throws Exception {
        Learner learner = server.arrive();
        List<Double> served;
        try (Term term = server.open(learner, true)) {
            term.awaitText("learner@sandbox", Duration.ofSeconds(20));
            served = echoLatencies(term::send, term::received, KEYS);
            term.send(new byte[] {0x15});
        }
        String sandbox = server.containerOf(learner);
        List<Double> raw;
        try (RawTerminal direct = RawTerminal.attach(sandbox)) {
            direct.awaitBytes(1, Duration.ofSeconds(10));
            Thread.sleep(300);
            raw = echoLatencies(direct::send, direct::received, KEYS);
            direct.send(new byte[] {0x15});
        }
        row("P2 keystroke echo p50 (ms)", p(served, 50), p(raw, 50), "server adds <= 1 ms");
        row("P2 keystroke echo p99 (ms)", p(served, 99), p(raw, 99), "server adds <= 5 ms");

        // a neighbour burns all the CPU its quota allows; this learner's echo should barely notice
        Learner burner = server.arrive();
        try (Term burn = server.open(burner, true); Term term = server.open(learner, true)) {
            burn.awaitText("learner@sandbox", Duration.ofSeconds(20));
            burn.send("for i in 1 2 3 4; do (while :; do :; done) & done\r".getBytes(StandardCharsets.UTF_8));
            term.awaitBytes(1, Duration.ofSeconds(10));
            Thread.sleep(2000);
            List<Double> underBurn = echoLatencies(term::send, term::received, KEYS / 2);
            term.send(new byte[] {0x15});
            row("P2 echo p99 while a neighbour burns CPU (ms)", p(underBurn, 99), p(served, 99), "within 2x of quiet");
        }
        // the burner's loops run on in the background: end its sandbox, or every later figure shares the CPU with them
        server.reset(burner);
    }

    static List<Double> echoLatencies(java.util.function.Consumer<byte[]> send, Supplier<Long> received, int keys)
            throws InterruptedException {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            if (i % 70 == 69) {
                // keep the line short: clear it with Ctrl-U so the line never wraps
                long before = received.get();
                send.accept(new byte[] {0x15});
                waitFor(() -> received.get() > before, 2000);
                Thread.sleep(5);
            }
            long before = received.get();
            long t0 = System.nanoTime();
            send.accept(new byte[] {'x'});
            waitFor(() -> received.get() > before, 2000);
            out.add((System.nanoTime() - t0) / 1e6);
        }
        return out;
    }

    // ---------------------------------------------------------------- P3 output throughput

    static final int P3_ROUNDS = Integer.getInteger("bench.p3.rounds", 9);
    static final int P3_WARMUP = Integer.getInteger("bench.p3.warmup", 3);

    /**
     * {@code bench.p3.warmup} warm-up rounds (the server's output path is interpreted code until
     * the JIT has compiled it, as it has in a server that runs for a while), then
     * {@code bench.p3.rounds} rounds of the three paths in turn; medians are reported. Each
     * round opens its terminal anew: the keeper-alone path attaches with an epoch of its own, and
     * an attach of another epoch hangs up the server's (as after a server restart).
     */
    static void p3Throughput(Server server) throws Exception {
        Learner learner = server.arrive();
        List<Double> served = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> keeper = new ArrayList<>();
        List<Double> servedBytes = new ArrayList<>();
        long rawBytes = 0;
        for (int round = 0; round < P3_WARMUP + P3_ROUNDS; round++) {
            double servedMs;
            long got;
            try (Term term = server.open(learner, true)) {
                term.awaitText("learner@sandbox", Duration.ofSeconds(20));
                Thread.sleep(300);
                long before = term.received();
                long t0 = System.nanoTime();
                term.send(("clear; seq 1 500000; echo SEQ-" + round + "-$((40+2))\r").getBytes(StandardCharsets.UTF_8));
                term.awaitText("SEQ-" + round + "-42", Duration.ofSeconds(120));
                servedMs = (System.nanoTime() - t0) / 1e6;
                got = term.received() - before;
            }
            String sandbox = server.containerOf(learner);

            long t1 = System.nanoTime();
            rawBytes = RawTerminal.runToEnd(sandbox, "seq 1 500000");
            double rawMs = (System.nanoTime() - t1) / 1e6;

            // the same shell through the same keeper, attached by docker-java directly: what the server adds
            double keeperMs;
            try (RawTerminal direct = RawTerminal.keeper(sandbox, "p3-" + round)) {
                direct.awaitText("7777;replayed", Duration.ofSeconds(10));
                Thread.sleep(300);
                long t2 = System.nanoTime();
                direct.sendFramed(("clear; seq 1 500000; echo SEQ-" + round + "-$((40+3))\r").getBytes(StandardCharsets.UTF_8));
                direct.awaitText("SEQ-" + round + "-43", Duration.ofSeconds(120));
                keeperMs = (System.nanoTime() - t2) / 1e6;
            }
            if (round >= P3_WARMUP) {
                served.add(servedMs);
                servedBytes.add((double) got);
                raw.add(rawMs);
                keeper.add(keeperMs);
            }
            System.out.printf(Locale.ROOT, "  P3 round %d%s: served %.0f ms, raw %.0f ms, keeper alone %.0f ms%n", round,
                    round < P3_WARMUP ? " (warm-up)" : "", servedMs, rawMs, keeperMs);
        }
        double servedMs = p(served, 50);
        double rawMs = p(raw, 50);
        double produced = 3_388_895; // bytes `seq 1 500000` prints
        row("P3 seq 1 500000: time to done, median (ms)", servedMs, rawMs, "baseline: docker exec -t");
        row("P3 seq 1 500000: output rate (MB/s)", produced / servedMs / 1000, produced / rawMs / 1000, ">= 0.9x");
        row("P3 bytes that reached the client", p(servedBytes, 50), rawBytes, "every byte, as with docker exec -t");
        row("P3 time to done: server vs the same keeper without it (ms)", servedMs, p(keeper, 50), "what the server itself adds");
    }

    static void ctrlC(Server server) throws Exception {
        double slow = ctrlCLatency(server, 250);
        double fast = ctrlCLatency(server, 0);
        row("Ctrl-C under `yes`, client acks every 250 ms (ms)", slow, fast, "< 300 ms; baseline: client acks as the page does");
    }

    /** Time from sending Ctrl-C until no `yes` runs in the sandbox, seen from the engine. */
    static double ctrlCLatency(Server server, long ackEveryMs) throws Exception {
        Learner learner = server.arrive();
        try (Term term = server.open(learner, ackEveryMs == 0)) {
            term.awaitText("learner@sandbox", Duration.ofSeconds(20));
            if (ackEveryMs > 0) {
                term.ackEvery(ackEveryMs);
            }
            term.send("yes\r".getBytes(StandardCharsets.UTF_8));
            String sandbox = server.containerOf(learner);
            waitFor(() -> pgrepYes(sandbox), 5000);
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            term.send(new byte[] {0x03});
            waitFor(() -> !pgrepYes(sandbox), 10_000);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    static boolean pgrepYes(String container) {
        try {
            return RawTerminal.runToEnd(container, "pgrep -x yes") > 0;
        } catch (Exception e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- burst

    static void burst(Server server) throws Exception {
        List<Double> served = Collections.synchronizedList(new ArrayList<>());
        List<Double> raw = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < LEARNERS; i++) {
                long delay = (long) (Math.random() * 1000);
                all.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    served.add(server.openToPrompt(null));
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < LEARNERS; i++) {
                long delay = (long) (Math.random() * 1000);
                all.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    raw.add(rawCreateStartAttach());
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        server.resetAll();
        row("Burst: " + LEARNERS + " learners within 1 s, prompts received", served.size(), raw.size(), "all");
        row("Burst p95 open-to-prompt (ms)", p(served, 95), p(raw, 95), "");
        row("Burst max open-to-prompt (ms)", p(served, 100), p(raw, 100), "");
    }

    // ---------------------------------------------------------------- P4 density

    static void p4Density(Server server) throws Exception {
        double atOne = server.openToPrompt(null);
        server.resetAll();
        long availableBefore = memAvailable();
        int threadsBefore = server.threads();
        List<Term> open = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < DENSITY; i++) {
                Learner learner = server.arrive();
                Term term = server.open(learner, true);
                term.awaitText("learner@sandbox", Duration.ofSeconds(60));
                open.add(term);
                ids.add(server.containerOf(learner));
            }
            Thread.sleep(5000);
            long availableAfter = memAvailable();
            double hostPerSandbox = (availableBefore - availableAfter) / (double) DENSITY / (1 << 20);
            double cgroupPerSandbox = ids.stream().mapToLong(Bench::cgroupMemory).average().orElse(-1) / (1 << 20);
            List<Double> at200 = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                at200.add(server.openToPrompt(null));
            }
            double heap = server.heapUsedMb();
            int threads = server.threads();
            row("P4 host memory per idle sandbox (MiB)", hostPerSandbox, cgroupPerSandbox,
                    "baseline: the container's own cgroup usage");
            row("P4 server heap used with " + DENSITY + " open terminals (MiB)", heap, 512, "< 512 MiB");
            row("P4 server threads added per open terminal", (threads - threadsBefore) / (double) DENSITY, 2,
                    "baseline: docker-java's own two per attached exec (output reader, stdin copier)");
            row("P4 open-to-prompt p50 at " + DENSITY + " vs at 1 (ms)", p(at200, 50), atOne, "within 2x");
        } finally {
            open.forEach(Term::close);
            server.resetAll();
        }
    }

    static long memAvailable() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static long cgroupMemory(String id) {
        for (String path : List.of("/sys/fs/cgroup/memory/docker/" + id + "/memory.usage_in_bytes",
                "/sys/fs/cgroup/system.slice/docker-" + id + ".scope/memory.current")) {
            try {
                return Long.parseLong(Files.readString(Path.of(path)).trim());
            } catch (IOException | NumberFormatException e) {
                // try the next layout
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- P5 start

    static void p5Start() throws Exception {
        List<Double> served = new ArrayList<>();
        List<Double> jvm = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            try (Server server = Server.start("start" + i, 0)) {
                served.add((System.nanoTime() - t0) / 1e6);
            }
            long t1 = System.nanoTime();
            new ProcessBuilder(javaBin(), "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            jvm.add((System.nanoTime() - t1) / 1e6);
        }
        row("P5 server start to ready, median of 3 (ms)", p(served, 50), p(jvm, 50), "baseline: `java -version`");
    }

    // ---------------------------------------------------------------- the server under test

    static final class Server implements AutoCloseable {
        final Process process;
        final URI base;
        final String instance;
        final List<Learner> learners = new ArrayList<>();

        Server(Process process, URI base, String instance) {
            this.process = process;
            this.base = base;
            this.instance = instance;
        }

        static Server start(String name, int poolSize) throws Exception {
            int port = freePort();
            String instance = RUN + "-" + name;
            List<String> command = new ArrayList<>(List.of(javaBin(),
                    "-Dquarkus.http.port=" + port,
                    "-Ddockerlab.sandbox.instance=" + instance,
                    "-Ddockerlab.sandbox.max-sandboxes=" + (DENSITY + LEARNERS + 50),
                    "-Ddockerlab.sandbox.pool-size=" + poolSize,
                    "-Ddockerlab.sandbox.remove-on-shutdown=true",
                    "-Dquarkus.log.level=WARN"));
            // bench.server-opts: more JVM options for the server, to try a setting (-Ddockerlab.terminal.window-bytes=...)
            String extra = System.getProperty("bench.server-opts", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/bench-server.log")))
                    .start();
            Server server = new Server(process, URI.create("http://localhost:" + port), instance);
            waitFor(() -> server.ready(), 60_000);
            return server;
        }

        boolean ready() {
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

        void awaitPool(int size) {
            waitFor(() -> {
                try {
                    String body = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return body.replaceAll("\\s", "").contains("\"pooled\":" + size);
                } catch (Exception e) {
                    return false;
                }
            }, 60_000);
        }

        Learner arrive() throws Exception {
            HttpResponse<Void> page = HTTP.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String cookie = page.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
            Learner learner = new Learner(cookie);
            learners.add(learner);
            return learner;
        }

        Term open(Learner learner, boolean autoAck) {
            return Term.open(base, learner.cookie(), autoAck);
        }

        /** A new learner: page load, then the socket; milliseconds from opening it to the prompt on screen. */
        double openToPrompt(Learner given) throws Exception {
            Learner learner = given != null ? given : arrive();
            long t0 = System.nanoTime();
            try (Term term = open(learner, true)) {
                term.awaitText(PROMPT, Duration.ofSeconds(60));
                return (System.nanoTime() - t0) / 1e6;
            }
        }

        String containerOf(Learner learner) {
            String hash = learner.hash();
            for (Container c : DOCKER.listContainersCmd().withLabelFilter(Map.of("dockerlab.instance", instance)).exec()) {
                if (c.getNames()[0].endsWith(hash)) {
                    return c.getId();
                }
            }
            throw new IllegalStateException("no sandbox for learner " + hash);
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
    }

    record Learner(String cookie) {
        String hash() {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(cookie.substring(cookie.indexOf('=') + 1).getBytes(StandardCharsets.US_ASCII));
                return java.util.HexFormat.of().formatHex(d, 0, 8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What a terminal has shown: a byte count and the last few KiB, for waiting on a marker. */
    static final class Output {
        private final AtomicLong count = new AtomicLong();
        private final StringBuffer tail = new StringBuffer();

        void record(byte[] bytes) {
            tail.append(new String(bytes, StandardCharsets.ISO_8859_1));
            if (tail.length() > 8192) {
                tail.delete(0, tail.length() - 4096);
            }
            count.addAndGet(bytes.length);
        }

        long count() {
            return count.get();
        }

        void awaitBytes(long n, Duration timeout) {
            waitFor(() -> count.get() >= n, timeout.toMillis());
        }

        void awaitText(String text, Duration timeout) {
            waitFor(() -> tail.toString().contains(text), timeout.toMillis());
        }
    }

    /** The browser's side of /terminal: binary keystrokes, output counted, acks as configured. */
    static final class Term implements AutoCloseable, WebSocket.Listener {
        /** frontend/terminal-client.js: ACK_MIN_BYTES and ACK_MAX_DELAY_MS. */
        static final long PAGE_ACK_BYTES = 8 * 1024;
        static final long PAGE_ACK_DELAY_MS = 50;

        final Output output = new Output();
        final AtomicLong unacked = new AtomicLong();
        volatile boolean autoAck;
        volatile WebSocket socket;
        volatile Thread acker;

        static Term open(URI base, String cookie, boolean autoAck) {
            Term term = new Term();
            term.autoAck = autoAck;
            // onOpen sets term.socket before any message: a replay may arrive before this future completes
            HTTP.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base.toString())
                    .buildAsync(URI.create("ws://" + base.getAuthority() + "/terminal?cols=120&rows=30"), term).join();
            if (autoAck) {
                term.ackEvery(PAGE_ACK_DELAY_MS); // with the 8 KiB rule in onBinary: how the page acknowledges
            }
            return term;
        }

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            int n = data.remaining();
            byte[] bytes = new byte[n];
            data.get(bytes);
            output.record(bytes);
            unacked.addAndGet(n);
            if (autoAck && unacked.get() >= PAGE_ACK_BYTES) {
                ack();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return null;
        }

        // the JDK's WebSocket takes one send at a time: keystrokes and acks share this lock
        synchronized void ack() {
            long n = unacked.getAndSet(0);
            if (n > 0 && !socket.isOutputClosed()) {
                try {
                    socket.sendText("{\"type\":\"ack\",\"bytes\":" + n + "}", true).join();
                } catch (java.util.concurrent.CompletionException e) {
                    // closed meanwhile: nothing left to acknowledge
                }
            }
        }

        void ackEvery(long ms) {
            acker = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        return;
                    }
                    ack();
                }
            });
        }

        synchronized void send(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        long received() {
            return output.count();
        }

        void awaitBytes(long n, Duration timeout) {
            output.awaitBytes(n, timeout);
        }

        void awaitText(String text, Duration timeout) {
            output.awaitText(text, timeout);
        }

        @Override
        public void close() {
            if (acker != null) {
                acker.interrupt();
            }
            socket.abort();
        }
    }

    /** A TTY exec straight through docker-java: the baseline path without the server. */
    static final class RawTerminal implements AutoCloseable {
        final QueueInput stdin = new QueueInput();
        final Output output = new Output();
        final ResultCallback.Adapter<Frame> callback;
        final String exec;

        RawTerminal(String container, String script, boolean tty, boolean interactive) {
            exec = DOCKER.execCreateCmd(container).withUser("1000:1000").withTty(tty).withAttachStdin(interactive)
                    .withAttachStdout(true).withAttachStderr(true).withEnv(List.of("TERM=xterm-256color", "LANG=C.UTF-8"))
                    .withCmd("/bin/sh", "-c", script).exec().getId();
            var start = DOCKER.execStartCmd(exec).withTty(tty);
            if (interactive) {
                start.withStdIn(stdin);
            }
            callback = start.exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    output.record(frame.getPayload());
                }
            });
        }

        static RawTerminal attach(String container) {
            return new RawTerminal(container, ATTACH, true, true);
        }

        /** The sandbox's shell keeper attached without the server: no TTY, framed stdin. */
        static RawTerminal keeper(String container, String token) {
            return new RawTerminal(container, "exec /usr/local/bin/dockerlab-shell attach bench " + token, false, true);
        }

        void sendFramed(byte[] bytes) {
            byte[] frame = new byte[3 + bytes.length];
            frame[0] = 'i';
            frame[1] = (byte) (bytes.length >>> 8);
            frame[2] = (byte) bytes.length;
            System.arraycopy(bytes, 0, frame, 3, bytes.length);
            send(frame);
        }

        /** Runs a command as {@code docker exec -t} does and answers the bytes it printed. */
        static long runToEnd(String container, String command) throws Exception {
            RawTerminal raw = new RawTerminal(container, command, true, false);
            raw.callback.awaitCompletion(120, TimeUnit.SECONDS);
            return raw.output.count();
        }

        void resize(int rows, int cols) {
            DOCKER.resizeExecCmd(exec).withSize(rows, cols).exec();
        }

        void send(byte[] bytes) {
            stdin.queue.add(bytes);
        }

        long received() {
            return output.count();
        }

        void awaitBytes(long n, Duration timeout) {
            output.awaitBytes(n, timeout);
        }

        void awaitText(String text, Duration timeout) {
            output.awaitText(text, timeout);
        }

        @Override
        public void close() throws IOException {
            stdin.queue.add(new byte[0]);
            try {
                callback.awaitCompletion(2, TimeUnit.SECONDS); // the stdin copier ends the stream on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callback.close();
        }
    }

    /** stdin for docker-java fed from a queue; an empty array ends it. */
    static final class QueueInput extends java.io.InputStream {
        final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        byte[] current = new byte[0];
        int pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == current.length) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    return -1;
                }
                pos = 0;
                if (current.length == 0) {
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    // ---------------------------------------------------------------- plumbing

    static DockerClient docker() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).maxConnections(1000).build();
        return DockerClientImpl.getInstance(config, http);
    }

    static void removeLeftovers() {
        for (Container c : DOCKER.listContainersCmd().withShowAll(true).exec()) {
            String instance = c.getLabels() == null ? null : c.getLabels().get("dockerlab.instance");
            if (instance != null && instance.startsWith(RUN)) {
                try {
                    DOCKER.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // gone already
                }
            }
        }
    }

    static void waitFor(Supplier<Boolean> condition, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMs + " ms");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(0, 200_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static double p(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static void row(String what, double measured, double baseline, String target) {
        String ratio = baseline == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", measured / baseline);
        ROWS.add(new String[] {what, fmt(measured), fmt(baseline), ratio, target});
        System.out.printf(Locale.ROOT, "%-62s %12s %12s %8s  %s%n", what, fmt(measured), fmt(baseline), ratio, target);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) > 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static void report() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(RUN).append(", ").append(Instant.now()).append(", ").append(machine()).append("\n\n");
        md.append("| figure | dockerlab | baseline | ratio | target / note |\n|---|---:|---:|---:|---|\n");
        for (String[] r : ROWS) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Path out = Path.of("target", "bench-results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println("\n" + md + "\n(written to " + out + ")");
    }

    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
            return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + (memTotal() >> 30) + " GiB, Docker " + DOCKER.versionCmd().exec().getVersion()
                    + ", Java " + System.getProperty("java.version");
        } catch (Exception e) {
            return "?";
        }
    }

    static long memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
