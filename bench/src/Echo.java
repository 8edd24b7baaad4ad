import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * P2 keystroke echo: one byte typed, its echo back. Baseline: a raw {@code docker exec -it bash -l}
 * in the same sandbox, typed into the same way; then the same through the server while a
 * neighbour burns CPU.
 */
final class Echo {

    private Echo() {
    }

    static void measure(ServerUnderTest server) throws Exception {
        ServerUnderTest.Learner learner = server.arrive();
        List<Double> served;
        try (Term term = server.open(learner, true)) {
            term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(20));
            served = latencies(term::send, term.output()::count, Bench.KEYS);
            term.send(new byte[] {0x15});
        }
        String sandbox = server.containerOf(learner);
        List<Double> raw;
        try (RawTerminal direct = RawTerminal.attach(sandbox)) {
            direct.output().awaitBytes(1, Duration.ofSeconds(10));
            Thread.sleep(300);
            raw = latencies(direct::send, direct.output()::count, Bench.KEYS);
            direct.send(new byte[] {0x15});
        }
        Report.row("P2 keystroke echo p50 (ms)", Report.p(served, 50), Report.p(raw, 50), "server adds <= 1 ms");
        Report.row("P2 keystroke echo p99 (ms)", Report.p(served, 99), Report.p(raw, 99), "server adds <= 5 ms");

        // a neighbour burns all the CPU its quota allows; this learner's echo should barely notice
        ServerUnderTest.Learner burner = server.arrive();
        try (Term burn = server.open(burner, true); Term term = server.open(learner, true)) {
            burn.output().awaitText(Bench.PROMPT, Duration.ofSeconds(20));
            burn.send("for i in 1 2 3 4; do (while :; do :; done) & done\r".getBytes(StandardCharsets.UTF_8));
            term.output().awaitBytes(1, Duration.ofSeconds(10));
            Thread.sleep(2000);
            List<Double> underBurn = latencies(term::send, term.output()::count, Bench.KEYS / 2);
            term.send(new byte[] {0x15});
            Report.row("P2 echo p99 while a neighbour burns CPU (ms)", Report.p(underBurn, 99), Report.p(served, 99),
                    "within 2x of quiet");
        }
        // the burner's loops run on in the background: end its sandbox, or every later figure shares the CPU with them
        server.reset(burner);
    }

    /** Milliseconds from each key sent to the first byte after it; the line is cleared now and then so it never wraps. */
    static List<Double> latencies(Consumer<byte[]> send, Supplier<Long> received, int keys) throws InterruptedException {
        return latencies(send, received, keys, 0);
    }

    /** The same with a key at most every {@code gapMs} (a typist's pace), not the moment the last echo came. */
    static List<Double> latencies(Consumer<byte[]> send, Supplier<Long> received, int keys, long gapMs)
            throws InterruptedException {
        List<Double> out = new ArrayList<>();
        long next = System.nanoTime();
        for (int i = 0; i < keys; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            next = System.nanoTime() + gapMs * 1_000_000;
            if (i % 70 == 69) {
                long before = received.get();
                send.accept(new byte[] {0x15}); // Ctrl-U
                Waits.until(() -> received.get() > before, 2000);
                Thread.sleep(5);
            }
            long before = received.get();
            long t0 = System.nanoTime();
            send.accept(new byte[] {'x'});
            Waits.until(() -> received.get() > before, 2000);
            out.add((System.nanoTime() - t0) / 1e6);
        }
        return out;
    }
}
