import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The "under the hood" panel's cost: the server's CPU (and the engine's) with 50 idle terminals,
 * then with a panel open beside each (the page's stream, section {@code bench.panel.section},
 * processes by default). Baseline: the same terminals without panels, measured in the same run.
 */
final class Panels {

    static final int PANELS = Integer.getInteger("bench.panels", 50);
    static final String SECTION = System.getProperty("bench.panel.section", "processes");
    static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.panel.seconds", 30));
    /** Clock ticks a second of /proc/<pid>/stat's times: 100 on every Linux this runs on. */
    private static final double TICKS = 100;

    private Panels() {
    }

    static void measure(ServerUnderTest server) throws Exception {
        List<Term> terms = new ArrayList<>();
        List<HttpResponse<Stream<String>>> panels = new ArrayList<>();
        try {
            List<ServerUnderTest.Learner> learners = new ArrayList<>();
            for (int i = 0; i < PANELS; i++) {
                ServerUnderTest.Learner learner = server.arrive();
                Term term = server.open(learner, true);
                term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(60));
                terms.add(term);
                learners.add(learner);
            }
            Thread.sleep(5000);
            long dockerd = pidOf("dockerd");
            double[] idle = cpu(server.pid(), dockerd);

            CountDownLatch first = new CountDownLatch(PANELS);
            for (ServerUnderTest.Learner learner : learners) {
                HttpRequest request = HttpRequest.newBuilder(server.base().resolve("/api/sandbox/panel?section=" + SECTION))
                        .header("Cookie", learner.cookie()).header("Accept", "text/event-stream").build();
                HttpResponse<Stream<String>> response = ServerUnderTest.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("a panel was refused: " + response.statusCode());
                }
                panels.add(response);
                CompletableFuture.runAsync(() -> {
                    boolean[] counted = {false};
                    try {
                        response.body().forEach(line -> {
                            if (!counted[0] && line.startsWith("data:")) {
                                counted[0] = true;
                                first.countDown();
                            }
                        });
                    } catch (RuntimeException e) {
                        // closed at the end
                    }
                });
            }
            if (!first.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every panel got its first picture");
            }
            Thread.sleep(5000);
            double[] busy = cpu(server.pid(), dockerd);
            Report.row("Panel: server CPU, " + PANELS + " idle terminals + " + PANELS + " open panels (" + SECTION
                    + ") (% of a core)", busy[0], idle[0], "baseline: the same terminals without panels");
            Report.row("Panel: server CPU per open panel (ms/s)", (busy[0] - idle[0]) * 10 / PANELS, 10,
                    "baseline: 1% of a core per panel");
            if (dockerd > 0) {
                Report.row("Panel: engine (dockerd) CPU with " + PANELS + " open panels (% of a core)", busy[1], idle[1],
                        "baseline: the same terminals without panels");
            }
        } finally {
            panels.forEach(p -> p.body().close());
            terms.forEach(Term::close);
            server.resetAll();
        }
    }

    /** Percent of one core the server and the engine used over the window: {server, engine}. */
    private static double[] cpu(long server, long engine) throws Exception {
        long s0 = ticks(server);
        long e0 = engine > 0 ? ticks(engine) : 0;
        long t0 = System.nanoTime();
        Thread.sleep(WINDOW.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double s = (ticks(server) - s0) / TICKS / seconds * 100;
        double e = engine > 0 ? (ticks(engine) - e0) / TICKS / seconds * 100 : -1;
        return new double[] {s, e};
    }

    /** utime + stime + the same of waited-for children (the engine's `ps` for top), from /proc/<pid>/stat. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the command: state is [0], utime [11], stime [12], cutime [13], cstime [14]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    private static long pidOf(String name) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals(name)) {
                        return Long.parseLong(p.getFileName().toString());
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        return -1;
    }
}
