import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * P4 density: many open terminals with idle shells. Baselines: the sandbox's own cgroup memory,
 * 512 MiB of heap, docker-java's two threads per attached exec, open-to-prompt at one terminal.
 */
final class Density {

    private Density() {
    }

    static void measure(ServerUnderTest server) throws Exception {
        double atOne = server.openToPrompt();
        server.resetAll();
        long availableBefore = memAvailable();
        int threadsBefore = server.threads();
        List<Term> open = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < Bench.DENSITY; i++) {
                ServerUnderTest.Learner learner = server.arrive();
                Term term = server.open(learner, true);
                term.output().awaitText(Bench.PROMPT, Duration.ofSeconds(60));
                open.add(term);
                ids.add(server.containerOf(learner));
            }
            Thread.sleep(5000);
            long availableAfter = memAvailable();
            double hostPerSandbox = (availableBefore - availableAfter) / (double) Bench.DENSITY / (1 << 20);
            double cgroupPerSandbox = ids.stream().mapToLong(Density::cgroupMemory).average().orElse(-1) / (1 << 20);
            List<Double> atDensity = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                atDensity.add(server.openToPrompt());
            }
            double heap = server.heapUsedMb();
            int threads = server.threads();
            Report.row("P4 host memory per idle sandbox (MiB)", hostPerSandbox, cgroupPerSandbox,
                    "baseline: the container's own cgroup usage");
            Report.row("P4 server heap used with " + Bench.DENSITY + " open terminals (MiB)", heap, 512, "< 512 MiB");
            Report.row("P4 server threads added per open terminal", (threads - threadsBefore) / (double) Bench.DENSITY, 2,
                    "baseline: docker-java's own two per attached exec (output reader, stdin copier)");
            Report.row("P4 open-to-prompt p50 at " + Bench.DENSITY + " vs at 1 (ms)", Report.p(atDensity, 50), atOne,
                    "within 2x");
        } finally {
            open.forEach(Term::close);
            server.resetAll();
        }
    }

    static long memAvailable() throws IOException {
        return Report.meminfo("MemAvailable:");
    }

    /** A container's memory as its cgroup counts it, under cgroup v1 or v2. */
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
}
