import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Docker lesson, one learner at a time ({@code bench.docker.rounds} new learners, one after the
 * other, each reset before the next): from opening the lesson's terminal ({@code one-engine},
 * {@code sandbox: docker}) to {@code docker run --rm hello-world} done, then
 * {@code docker run -d nginx} timed alone, then the bytes the learner's own engine stores (df of
 * its file system in the sandbox). Once on a server without a pool, once with a warm pool of
 * {@value #POOL} Docker-enabled sandboxes, full again before every learner.
 *
 * <p>Baseline, same run, before either server: {@link BareEngine}, rootless Docker started the
 * same way in a bare container, from its create call to its engine started and hello-world run,
 * then nginx alone, then {@code du} of its volume. Both pull the images from the lesson-image
 * registry (a learner through the server's registry gate).
 */
final class DockerLessons {

    static final int ROUNDS = Integer.getInteger("bench.docker.rounds", 6);
    static final String LESSON = "lesson=one-engine";
    private static final int POOL = 3;
    private static final Duration SLOW = Duration.ofSeconds(180);
    /** The typed line's echo shows {@code $((40+2))}, not 42: only the command's own output matches. */
    static final String HELLO = "docker run --rm hello-world; echo HELLO-$((40+2))-$?\r";
    static final Pattern HELLO_DONE = Pattern.compile("HELLO-42-(\\d+)");
    static final String NGINX = "docker run -d nginx; echo NGINX-$((40+2))-$?\r";
    static final Pattern NGINX_DONE = Pattern.compile("NGINX-42-(\\d+)");

    /** One learner's figures: milliseconds to hello-world done (from the open) and to nginx done (from typing it), MB stored. */
    record Round(double hello, double nginx, double storageMb) {
    }

    private DockerLessons() {
    }

    static void measure() throws Exception {
        List<Round> bare = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            bare.add(bare());
        }
        DockerServers.awaitNothingLeft();

        List<Round> cold;
        ServerUnderTest server = DockerServers.start("docker", 0);
        try {
            cold = rounds(server, 0);
        } finally {
            DockerServers.stop(server, List.of());
        }
        report("", cold, bare);

        List<Round> warm;
        ServerUnderTest pooled = DockerServers.start("dockerpool", POOL);
        try {
            warm = rounds(pooled, POOL);
        } finally {
            DockerServers.stop(pooled, List.of());
        }
        report(", warm Docker pool of " + POOL, warm, bare);
    }

    private static List<Round> rounds(ServerUnderTest server, int pool) throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            if (pool > 0 && !DockerServers.awaitPool(server, pool, Duration.ofMinutes(5))) {
                throw new IllegalStateException("the Docker pool did not fill to " + pool + " within 5 minutes; see target/bench-server.log");
            }
            ServerUnderTest.Learner learner = server.arrive();
            long t0 = System.nanoTime();
            double hello;
            double nginx;
            try (Term term = Term.open(server.base(), learner.cookie(), true, LESSON)) {
                term.output().awaitText(Bench.PROMPT, SLOW);
                term.send(HELLO.getBytes());
                done("hello-world", term.output().awaitMatch(HELLO_DONE, SLOW));
                hello = ms(t0);
                long t1 = System.nanoTime();
                term.send(NGINX.getBytes());
                done("nginx", term.output().awaitMatch(NGINX_DONE, SLOW));
                nginx = ms(t1);
            }
            long stored = BareEngine.sandboxStorageUsed(DockerServers.sandboxOf(server, learner));
            server.reset(learner);
            rounds.add(new Round(hello, nginx, stored / 1e6));
        }
        return rounds;
    }

    private static Round bare() throws Exception {
        long t0 = System.nanoTime();
        try (BareEngine bare = BareEngine.start()) {
            BareEngine.Exec hello = bare.run(BareEngine.HELLO, SLOW);
            if (!hello.ok()) {
                throw new IllegalStateException("bare engine: hello-world failed (" + hello.exitCode() + "): " + hello.output());
            }
            double helloMs = ms(t0);
            long t1 = System.nanoTime();
            BareEngine.Exec nginx = bare.run(BareEngine.NGINX, SLOW);
            if (!nginx.ok()) {
                throw new IllegalStateException("bare engine: nginx failed (" + nginx.exitCode() + "): " + nginx.output());
            }
            double nginxMs = ms(t1);
            return new Round(helloMs, nginxMs, bare.storageUsed() / 1e6);
        }
    }

    private static void report(String how, List<Round> served, List<Round> bare) {
        String note = "baseline: rootless Docker in a bare container, from its create call";
        Report.row("Docker lesson" + how + ": open to hello-world done, p50 (ms)", Report.p(hellos(served), 50),
                Report.p(hellos(bare), 50), note);
        Report.row("Docker lesson" + how + ": open to hello-world done, max (ms)", Report.p(hellos(served), 100),
                Report.p(hellos(bare), 100), "");
        Report.row("Docker lesson" + how + ": `docker run -d nginx` done, p50 (ms)",
                Report.p(served.stream().map(Round::nginx).toList(), 50), Report.p(bare.stream().map(Round::nginx).toList(), 50),
                "pulls nginx; baseline: the same in the bare container");
        Report.row("Docker lesson" + how + ": the learner's engine storage after both, p50 (MB)",
                Report.p(served.stream().map(Round::storageMb).toList(), 50), Report.p(bare.stream().map(Round::storageMb).toList(), 50),
                "df of the sandbox's file system; baseline: du of the bare volume");
    }

    /** "0" from the marker: the command's own exit code. */
    static void done(String what, String exitCode) {
        if (!"0".equals(exitCode)) {
            throw new IllegalStateException(what + " failed in the learner's terminal (exit code " + exitCode + ")");
        }
    }

    private static List<Double> hellos(List<Round> rounds) {
        return rounds.stream().map(Round::hello).toList();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
