import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * A class of Docker learners: {@code bench.docker.class} learners (100) open the Docker lesson
 * ({@code one-engine}) within {@code bench.docker.spread-seconds} (60), evenly spaced, each on a
 * virtual thread and a WebSocket client of its own (a browser each): prompt, then
 * {@code docker run --rm hello-world} and {@code docker run -d nginx} typed, then idle with the
 * terminal open. Per learner: open-to-prompt, hello-world done (from the open), nginx done (from
 * typing it), and whether they were served (every step within {@value #STEP_MINUTES} minutes; a
 * failure is counted, not thrown). Once all are done and idle for 10 s: host memory and disk per
 * learner served (MemAvailable and the used space of /var/lib/docker's file system, from before
 * the server started to now, so the server's own growth counts too), the learner's own engine
 * storage (df in a sample of sandboxes), the server's heap. Twice: without a pool, and with a warm
 * pool of {@code bench.docker.class-pool} Docker-enabled sandboxes (the class size), filled before
 * the class arrives (how long that took is a row of its own). The pool refills as it is claimed,
 * one sandbox at a time, while the class works: its refills so far are in that part's memory and
 * disk, and the row says how many Docker-enabled sandboxes were running.
 *
 * <p>Baseline, same run, before either server and gone before they start:
 * {@code bench.docker.baseline-class} {@link BareEngine}s (the class size) with the same arrivals,
 * each pulling hello-world and nginx from the registry itself: create to engine and hello-world
 * done, nginx done, and memory and disk per bare engine served by the same deltas.
 */
final class DockerClass {

    static final int SIZE = Integer.getInteger("bench.docker.class", 100);
    static final int SPREAD_SECONDS = Integer.getInteger("bench.docker.spread-seconds", 60);
    static final int POOL = Integer.getInteger("bench.docker.class-pool", SIZE);
    static final int BASELINE_SIZE = Integer.getInteger("bench.docker.baseline-class", SIZE);
    private static final int STEP_MINUTES = 5;
    private static final Duration STEP = Duration.ofMinutes(STEP_MINUTES);
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** Sandboxes whose own storage is read (one exec each, after the class). */
    private static final int SAMPLE = 10;
    /** The file system of the engine's images, containers and volumes, and of the sandboxes' own file systems. */
    private static final Path DOCKER_DISK = Path.of("/var/lib/docker");

    /** One learner: milliseconds (NaN for a step not reached), and whether every step was done in time. */
    record Learner(boolean served, double prompt, double hello, double nginx) {
    }

    /** A class's figures: its learners, the sandboxes then running, memory and disk per learner served, and storage (MiB, MB, MB). */
    record Part(List<Learner> learners, int sandboxes, double memoryMib, double diskMb, double storageMb) {

        long served() {
            return learners.stream().filter(Learner::served).count();
        }

        /** Each served learner's time for this step. */
        List<Double> times(ToDoubleFunction<Learner> step) {
            List<Double> times = learners.stream().filter(Learner::served).map(step::applyAsDouble).toList();
            return times.isEmpty() ? List.of(Double.NaN) : times;
        }
    }

    private DockerClass() {
    }

    static void measure() throws Exception {
        Part bare = bareClass();
        DockerServers.awaitNothingLeft();
        served("dockerclass", 0, bare);
        served("dockerclasspool", POOL, bare);
    }

    /** A server with a Docker pool of {@code pool} (0: none), the class through it, its figures beside the bare class's. */
    private static void served(String name, int pool, Part bare) throws Exception {
        long availableBefore = Density.memAvailable();
        long diskBefore = diskUsed();
        long t0 = System.nanoTime();
        ServerUnderTest server = DockerServers.start(name, pool);
        List<ServerUnderTest.Learner> learners = Collections.synchronizedList(new ArrayList<>());
        List<Term> terms = Collections.synchronizedList(new ArrayList<>());
        List<HttpClient> browsers = Collections.synchronizedList(new ArrayList<>());
        String how = pool == 0 ? "" : ", warm Docker pool of " + pool;
        try {
            if (pool > 0) {
                boolean full = DockerServers.awaitPool(server, pool, Duration.ofSeconds(60 + 30L * pool));
                Report.row("Docker class: server start to a full Docker pool of " + pool + " (s)", (System.nanoTime() - t0) / 1e9, 0,
                        (full ? "" : "NOT full: " + DockerServers.pooled(server) + " ready; ") + "one at a time; no baseline");
            }
            ReentrantLock arriving = new ReentrantLock();
            List<Learner> results = arrive(SIZE, i -> () -> learn(server, arriving, learners, terms, browsers));
            Thread.sleep(IDLE.toMillis());
            int sandboxes = DockerServers.dockerSandboxes();
            double served = results.stream().filter(Learner::served).count();
            double memory = (availableBefore - Density.memAvailable()) / served / (1 << 20);
            double disk = (diskUsed() - diskBefore) / served / 1e6;
            List<Double> stored = new ArrayList<>();
            List<String> theirs = DockerServers.learnersSandboxes();
            for (String sandbox : theirs.subList(0, Math.min(SAMPLE, theirs.size()))) {
                try {
                    stored.add(BareEngine.sandboxStorageUsed(sandbox) / 1e6);
                } catch (RuntimeException e) {
                    System.out.println("bench: " + e.getMessage());
                }
            }
            double heap = server.heapUsedMb();
            Part part = new Part(results, sandboxes, memory, disk, stored.isEmpty() ? Double.NaN : Report.p(stored, 50));
            report(how, part, bare, heap);
        } finally {
            List.copyOf(terms).forEach(Term::close);
            List.copyOf(browsers).forEach(HttpClient::shutdownNow);
            DockerServers.stop(server, learners);
        }
    }

    /** One learner of the class through the server; what they reached when a step failed. */
    private static Learner learn(ServerUnderTest server, ReentrantLock arriving, List<ServerUnderTest.Learner> learners,
            List<Term> terms, List<HttpClient> browsers) {
        double prompt = Double.NaN;
        double hello = Double.NaN;
        double nginx = Double.NaN;
        Term term = null;
        try {
            ServerUnderTest.Learner learner;
            arriving.lock(); // ServerUnderTest keeps its learners in a plain list
            try {
                learner = server.arrive();
            } finally {
                arriving.unlock();
            }
            learners.add(learner);
            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            browsers.add(browser);
            long t0 = System.nanoTime();
            term = Term.open(browser, server.base(), "/terminal?cols=120&rows=30&" + DockerLessons.LESSON,
                    learner.cookie(), null, true);
            terms.add(term);
            awaitText(term.output(), Bench.PROMPT);
            prompt = ms(t0);
            term.send(DockerLessons.HELLO.getBytes());
            DockerLessons.done("hello-world", awaitMatch(term.output(), DockerLessons.HELLO_DONE));
            hello = ms(t0);
            long t1 = System.nanoTime();
            term.send(DockerLessons.NGINX.getBytes());
            DockerLessons.done("nginx", awaitMatch(term.output(), DockerLessons.NGINX_DONE));
            nginx = ms(t1);
            return new Learner(true, prompt, hello, nginx);
        } catch (Exception e) {
            System.out.println("bench: a Docker learner was not served: " + e.getMessage()
                    + (term == null ? "" : "; the terminal's last lines: " + term.output().lastLines(4)));
            return new Learner(false, prompt, hello, nginx);
        }
    }

    /** The same class of bare engines, kept running until its readings are taken, then removed. */
    private static Part bareClass() throws Exception {
        long availableBefore = Density.memAvailable();
        long diskBefore = diskUsed();
        List<BareEngine> engines = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Learner> results = arrive(BASELINE_SIZE, i -> () -> bareLearner(engines));
            Thread.sleep(IDLE.toMillis());
            int containers = engines.size();
            double served = results.stream().filter(Learner::served).count();
            double memory = (availableBefore - Density.memAvailable()) / served / (1 << 20);
            double disk = (diskUsed() - diskBefore) / served / 1e6;
            List<Double> stored = new ArrayList<>();
            for (BareEngine bare : engines.subList(0, Math.min(SAMPLE, engines.size()))) {
                try {
                    stored.add(bare.storageUsed() / 1e6);
                } catch (RuntimeException e) {
                    System.out.println("bench: " + e.getMessage());
                }
            }
            return new Part(results, containers, memory, disk, stored.isEmpty() ? Double.NaN : Report.p(stored, 50));
        } finally {
            DockerServers.eachFewAtATime(engines, BareEngine::close);
        }
    }

    private static Learner bareLearner(List<BareEngine> engines) {
        double hello = Double.NaN;
        double nginx = Double.NaN;
        try {
            long t0 = System.nanoTime();
            BareEngine bare = BareEngine.start();
            engines.add(bare);
            BareEngine.Exec run = bare.run(BareEngine.HELLO, STEP);
            if (!run.ok()) {
                throw new IllegalStateException("hello-world: exit code " + run.exitCode() + ": " + run.output());
            }
            hello = ms(t0);
            long t1 = System.nanoTime();
            run = bare.run(BareEngine.NGINX, STEP);
            if (!run.ok()) {
                throw new IllegalStateException("nginx: exit code " + run.exitCode() + ": " + run.output());
            }
            nginx = ms(t1);
            return new Learner(true, Double.NaN, hello, nginx);
        } catch (Exception e) {
            System.out.println("bench: a bare engine was not served: " + e.getMessage());
            return new Learner(false, Double.NaN, hello, nginx);
        }
    }

    /**
     * {@code size} learners arriving evenly spaced over the spread, each on a virtual thread; their
     * results once all are done. A learner stuck past every step's timeout (a socket that never
     * opens) is counted as not served and interrupted.
     */
    private static List<Learner> arrive(int size, IntFunction<Callable<Learner>> learner) throws Exception {
        long start = System.nanoTime();
        long gapNanos = SPREAD_SECONDS * 1_000_000_000L / Math.max(1, size);
        long deadline = start + TimeUnit.SECONDS.toNanos(SPREAD_SECONDS) + 3 * STEP.toNanos() + TimeUnit.MINUTES.toNanos(1);
        List<Learner> results = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Learner>> all = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                long at = start + i * gapNanos;
                Callable<Learner> one = learner.apply(i);
                all.add(threads.submit(() -> {
                    long wait = at - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    return one.call();
                }));
            }
            for (Future<Learner> f : all) {
                try {
                    results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    System.out.println("bench: a learner was still waiting after every step's timeout");
                    results.add(new Learner(false, Double.NaN, Double.NaN, Double.NaN));
                }
            }
        } finally {
            threads.shutdownNow();
        }
        return results;
    }

    private static void report(String how, Part served, Part bare, double heapMb) {
        String what = "Docker class of " + SIZE + how + ": ";
        Report.row(what + "learners served", served.served(), bare.served(),
                "of " + SIZE + " (baseline: of " + BASELINE_SIZE + " bare engines); all steps within " + STEP_MINUTES + " min");
        for (int p : new int[] {50, 95, 100}) {
            Report.row(what + "open-to-prompt, " + label(p) + " (ms)", Report.p(served.times(Learner::prompt), p), 0,
                    p == 50 ? "no baseline: a bare container has no terminal" : "");
        }
        for (int p : new int[] {50, 95, 100}) {
            Report.row(what + "open to hello-world done, " + label(p) + " (ms)", Report.p(served.times(Learner::hello), p),
                    Report.p(bare.times(Learner::hello), p), p == 50 ? "baseline: bare engines, create to engine and hello-world done" : "");
        }
        for (int p : new int[] {50, 95, 100}) {
            Report.row(what + "`docker run -d nginx` done, " + label(p) + " (ms)", Report.p(served.times(Learner::nginx), p),
                    Report.p(bare.times(Learner::nginx), p), p == 50 ? "from typing it; baseline: the same in the bare engines" : "");
        }
        String running = served.sandboxes() + " Docker-enabled sandboxes running"
                + (served.sandboxes() > served.served() ? " (the pool's refills among them)" : "");
        Report.row(what + "host memory per learner served (MiB)", served.memoryMib(), bare.memoryMib(),
                "MemAvailable drop since before the server; " + running);
        Report.row(what + "host disk per learner served (MB)", served.diskMb(), bare.diskMb(),
                "used on " + DOCKER_DISK + "'s file system, same way");
        Report.row(what + "the learner's engine storage, p50 (MB)", served.storageMb(), bare.storageMb(),
                "df in up to " + SAMPLE + " sandboxes; baseline: du of bare volumes");
        Report.row(what + "server heap used (MiB)", heapMb, 512, "< 512 MiB");
    }

    private static String label(int percentile) {
        return percentile == 100 ? "max" : "p" + percentile;
    }

    /**
     * Waits for text on a terminal, checked again only when output arrived and at most every
     * 10 ms: {@link Waits#until} polls every 0.2 ms, right for one timed terminal, a core's worth
     * for a class of them beside the server measured.
     */
    private static void awaitText(Output output, String text) throws InterruptedException {
        awaitMatch(output, Pattern.compile("(" + Pattern.quote(text) + ")"));
    }

    private static String awaitMatch(Output output, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        long seen = -1;
        while (true) {
            long count = output.count();
            if (count != seen) {
                seen = count;
                try {
                    return output.awaitMatch(pattern, Duration.ZERO);
                } catch (IllegalStateException notYet) {
                    // not on screen yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + pattern.pattern() + " within " + STEP);
            }
            Thread.sleep(10);
        }
    }

    /** Used bytes of the file system holding the engine's data (and, beside it, the sandboxes' own file systems). */
    private static long diskUsed() throws IOException {
        FileStore store = Files.getFileStore(DOCKER_DISK);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
