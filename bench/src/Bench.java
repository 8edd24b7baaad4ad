import java.util.List;

/**
 * dockerlab's benchmark: every figure is measured against the packaged server and the real
 * engine, next to a baseline measured in the same run. Run it with bench/run.sh.
 *
 * <p>One file per job: the figures ({@link OpenToPrompt} P1 and the burst, {@link Echo} P2,
 * {@link Throughput} P3 and Ctrl-C, {@link Density} P4, {@link Start} P5, {@link Panels} the panel's cost, {@link Broadcasting} the presenter's echo under a broadcast, {@link BrowserWait} the wait in Chromium, {@link Nodes} a lesson's three nodes and their swarm, {@link DockerLessons} a Docker lesson one learner at a time, {@link DockerClass} a class of them), the rootless engine without dockerlab that those two compare with ({@link BareEngine}) and their servers ({@link DockerServers}), the server under test
 * ({@link ServerUnderTest}), the browser's side of the socket ({@link Term}), the paths without the
 * server that baselines take ({@link RawTerminal}, {@link Sandboxes}), and the figures' table
 * ({@link Report}). The engine, the sandbox's hardening and the keeper's frames are the server's
 * own classes, so the baselines measure what the server does, not a copy of it.
 */
public final class Bench {

    static final String IMAGE = System.getProperty("bench.image", "dockerlab/sandbox:latest");
    static final int LEARNERS = Integer.getInteger("bench.learners", 30);
    static final int KEYS = Integer.getInteger("bench.keys", 1000);
    static final int DENSITY = Integer.getInteger("bench.density", 200);
    static final int P3_ROUNDS = Integer.getInteger("bench.p3.rounds", 9);
    static final int P3_WARMUP = Integer.getInteger("bench.p3.warmup", 3);
    /** What the sandbox's prompt starts with: open-to-prompt waits for it, not for any first byte. */
    static final String PROMPT = "learner@sandbox";
    /** This run's name: the instance of every server it starts, and the label its leftovers are found by. */
    static final String RUN = "bench-" + Long.toHexString(System.currentTimeMillis());

    /** The groups a run may be narrowed to, in the order a full run measures them. */
    static final List<String> GROUPS = List.of("start", "p1", "p2", "p3", "burst", "p4", "panel", "classroom", "browser", "group", "docker", "dockerclass");
    /** The instructor token of the servers the bench starts (the classroom figures sign in with it). */
    static final String INSTRUCTOR_TOKEN = "bench-instructor-" + Long.toHexString(System.nanoTime());
    static final int VIEWERS = Integer.getInteger("bench.viewers", 100);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "all";
        if (!only.equals("all") && !GROUPS.contains(only)) {
            System.err.println("bench: unknown group " + only + "; one of " + GROUPS + ", or none for all");
            System.exit(2);
        }
        System.out.println("dockerlab bench, run " + RUN + " on " + Report.machine());
        try {
            if (wanted(only, "start")) {
                Start.measure();
            }
            try (ServerUnderTest server = ServerUnderTest.start("main", 0)) {
                if (wanted(only, "p1")) {
                    OpenToPrompt.cold(server);
                }
                if (wanted(only, "p2")) {
                    Echo.measure(server);
                }
                if (wanted(only, "p3")) {
                    Throughput.measure(server);
                    Throughput.ctrlC(server);
                }
                if (wanted(only, "burst")) {
                    OpenToPrompt.burst(server);
                }
                if (wanted(only, "p4")) {
                    Density.measure(server);
                }
                if (wanted(only, "panel")) {
                    Panels.measure(server);
                }
                if (wanted(only, "classroom")) {
                    Broadcasting.measure(server);
                }
            }
            if (wanted(only, "p1")) {
                try (ServerUnderTest pooled = ServerUnderTest.start("pool", 4)) {
                    OpenToPrompt.warm(pooled);
                }
            }
            if (wanted(only, "browser")) {
                BrowserWait.measure(3);
            }
            if (wanted(only, "group")) {
                try (ServerUnderTest nodes = ServerUnderTest.start("nodes", 0, Nodes.OPTIONS)) {
                    Nodes.measure(nodes);
                }
            }
            if (wanted(only, "docker")) {
                DockerLessons.measure();
            }
            if (wanted(only, "dockerclass")) {
                DockerClass.measure();
            }
        } finally {
            Sandboxes.removeLeftovers();
            BareEngine.removeLeftovers();
            Report.write();
        }
    }

    private static boolean wanted(String only, String group) {
        return only.equals("all") || only.equals(group);
    }
}
