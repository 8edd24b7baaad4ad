import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P3 output throughput, and Ctrl-C under a flood of output. Baselines: {@code docker exec -t} of
 * the same command, and the same shell through its keeper attached by docker-java without the
 * server (what the server itself adds).
 */
final class Throughput {

    /** Bytes {@code seq 1 500000} prints. */
    private static final double SEQ_BYTES = 3_388_895;

    private Throughput() {
    }

    /**
     * {@code bench.p3.warmup} warm-up rounds (the server's output path is interpreted code until
     * the JIT has compiled it, as it has in a server that runs for a while), then
     * {@code bench.p3.rounds} rounds of the three paths in turn; medians are reported. Each
     * round opens its terminal anew: the keeper-alone path attaches with an epoch of its own, and
     * an attach of another epoch hangs up the server's (as after a server restart).
     */
    static void measure(ServerUnderTest server) throws Exception {
        ServerUnderTest.Learner learner = server.arrive();
        List<Double> served = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> keeper = new ArrayList<>();
        List<Double> servedBytes = new ArrayList<>();
        long rawBytes = 0;
        for (int round = 0; round < Bench.P3_WARMUP + Bench.P3_ROUNDS; round++) {
            double servedMs;
            long got;
            try (Term term = server.open(learner, true)) {
                term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(20));
                Thread.sleep(300);
                long before = term.output().count();
                long t0 = System.nanoTime();
                term.send(seqThenMarker(round, 2));
                term.output().awaitText(marker(round, 2), Duration.ofSeconds(120));
                servedMs = (System.nanoTime() - t0) / 1e6;
                got = term.output().count() - before;
            }
            String sandbox = server.containerOf(learner);

            long t1 = System.nanoTime();
            rawBytes = RawTerminal.runToEnd(sandbox, "seq 1 500000");
            double rawMs = (System.nanoTime() - t1) / 1e6;

            double keeperMs;
            try (RawTerminal direct = RawTerminal.keeper(sandbox, "p3-" + round)) {
                direct.output().awaitText("7777;replayed", Duration.ofSeconds(10));
                Thread.sleep(300);
                long t2 = System.nanoTime();
                direct.type(seqThenMarker(round, 3));
                direct.output().awaitText(marker(round, 3), Duration.ofSeconds(120));
                keeperMs = (System.nanoTime() - t2) / 1e6;
            }
            if (round >= Bench.P3_WARMUP) {
                served.add(servedMs);
                servedBytes.add((double) got);
                raw.add(rawMs);
                keeper.add(keeperMs);
            }
            System.out.printf(Locale.ROOT, "  P3 round %d%s: served %.0f ms, raw %.0f ms, keeper alone %.0f ms%n", round,
                    round < Bench.P3_WARMUP ? " (warm-up)" : "", servedMs, rawMs, keeperMs);
        }
        double servedMs = Report.p(served, 50);
        double rawMs = Report.p(raw, 50);
        Report.row("P3 seq 1 500000: time to done, median (ms)", servedMs, rawMs, "baseline: docker exec -t");
        Report.row("P3 seq 1 500000: output rate (MB/s)", SEQ_BYTES / servedMs / 1000, SEQ_BYTES / rawMs / 1000, ">= 0.9x");
        Report.row("P3 bytes that reached the client", Report.p(servedBytes, 50), rawBytes, "every byte, as with docker exec -t");
        Report.row("P3 time to done: server vs the same keeper without it (ms)", servedMs, Report.p(keeper, 50),
                "what the server itself adds");
    }

    /** The marker is computed by the shell ($((40+n))), so the typed command's echo never matches it. */
    private static byte[] seqThenMarker(int round, int n) {
        return ("clear; seq 1 500000; echo SEQ-" + round + "-$((40+" + n + "))\r").getBytes(StandardCharsets.UTF_8);
    }

    private static String marker(int round, int n) {
        return "SEQ-" + round + "-" + (40 + n);
    }

    static void ctrlC(ServerUnderTest server) throws Exception {
        double slow = ctrlCLatency(server, 250);
        double fast = ctrlCLatency(server, 0);
        Report.row("Ctrl-C under `yes`, client acks every 250 ms (ms)", slow, fast,
                "< 300 ms; baseline: client acks as the page does");
    }

    /** Time from sending Ctrl-C until no `yes` runs in the sandbox, seen from the engine. */
    private static double ctrlCLatency(ServerUnderTest server, long ackEveryMs) throws Exception {
        ServerUnderTest.Learner learner = server.arrive();
        try (Term term = server.open(learner, ackEveryMs == 0)) {
            term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(20));
            if (ackEveryMs > 0) {
                term.ackEvery(ackEveryMs);
            }
            term.send("yes\r".getBytes(StandardCharsets.UTF_8));
            String sandbox = server.containerOf(learner);
            Waits.until(() -> yesRuns(sandbox), 5000);
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            term.send(new byte[] {0x03});
            Waits.until(() -> !yesRuns(sandbox), 10_000);
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static boolean yesRuns(String container) {
        try {
            return RawTerminal.runToEnd(container, "pgrep -x yes") > 0;
        } catch (Exception e) {
            return false;
        }
    }
}
