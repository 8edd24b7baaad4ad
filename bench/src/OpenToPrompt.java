import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P1 open-to-prompt (cold, and with a warm pool) and the burst of learners arriving together.
 * Baseline: docker-java alone creating, starting and attaching to a sandbox ({@link Sandboxes#createStartAttach}).
 */
final class OpenToPrompt {

    /** The cold baseline, kept for the warm-pool figure measured later by another server. */
    private static List<Double> baselineOpens;

    private OpenToPrompt() {
    }

    static void cold(ServerUnderTest server) throws Exception {
        List<Double> served = new ArrayList<>();
        for (int i = 0; i < Bench.LEARNERS; i++) {
            served.add(server.openToPrompt());
        }
        baselineOpens = new ArrayList<>();
        for (int i = 0; i < Bench.LEARNERS; i++) {
            baselineOpens.add(Sandboxes.createStartAttach());
        }
        server.resetAll();
        Report.row("P1 open-to-prompt, cold, p50 (ms)", Report.p(served, 50), Report.p(baselineOpens, 50), "<= 300 ms");
        Report.row("P1 open-to-prompt, cold, p95 (ms)", Report.p(served, 95), Report.p(baselineOpens, 95), "");
    }

    static void warm(ServerUnderTest server) throws Exception {
        List<Double> served = new ArrayList<>();
        for (int i = 0; i < Bench.LEARNERS; i++) {
            server.awaitPool(4);
            served.add(server.openToPrompt());
        }
        List<Double> baseline = baselineOpens != null ? baselineOpens : List.of(Sandboxes.createStartAttach());
        Report.row("P1 open-to-prompt, warm pool, p50 (ms)", Report.p(served, 50), Report.p(baseline, 50), "<= 60 ms");
        Report.row("P1 open-to-prompt, warm pool, p95 (ms)", Report.p(served, 95), Report.p(baseline, 95), "");
    }

    /** Every learner arrives at a random moment within one second, through the server and then without it. */
    static void burst(ServerUnderTest server) throws Exception {
        List<Double> served = withinOneSecond(server::openToPrompt);
        List<Double> raw = withinOneSecond(Sandboxes::createStartAttach);
        server.resetAll();
        Report.row("Burst: " + Bench.LEARNERS + " learners within 1 s, prompts received", served.size(), raw.size(), "all");
        Report.row("Burst p95 open-to-prompt (ms)", Report.p(served, 95), Report.p(raw, 95), "");
        Report.row("Burst max open-to-prompt (ms)", Report.p(served, 100), Report.p(raw, 100), "");
    }

    private static List<Double> withinOneSecond(Callable<Double> open) throws Exception {
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < Bench.LEARNERS; i++) {
                long delay = (long) (Math.random() * 1000);
                all.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    times.add(open.call());
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return times;
    }
}
