import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A lesson with {@code nodes: 3} (docs/swarm.md): from opening its three terminals to the three
 * prompts, and on to a joined swarm (init on node1, join on node2 and node3, typed as a learner
 * types them). Baselines in the same run: one Docker-enabled sandbox's prompt (a lesson with
 * {@code sandbox: docker}), and a single-node {@code docker swarm init} from opening it.
 */
final class Nodes {

    /** The fixture lessons, among them {@code three-nodes} (nodes: 3) and {@code one-engine} (sandbox: docker). */
    static final List<String> OPTIONS = List.of("-Ddockerlab.lessons.dir=src/test/resources/test-lessons",
            "-Ddockerlab.docker.image=" + System.getProperty("bench.docker-image", "dockerlab/sandbox-docker:latest"));
    static final int ROUNDS = Integer.getInteger("bench.group.rounds", 2);
    private static final Duration SLOW = Duration.ofSeconds(180);
    private static final Pattern JOIN = Pattern.compile("JOIN=(SWMTKN-[A-Za-z0-9-]+)@([0-9.]+)");

    private Nodes() {
    }

    static void measure(ServerUnderTest server) throws Exception {
        List<Double> prompts = new ArrayList<>();
        List<Double> joined = new ArrayList<>();
        List<Double> onePrompt = new ArrayList<>();
        List<Double> oneInit = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // baseline: one Docker-enabled sandbox, its prompt, and a swarm of one
            ServerUnderTest.Learner single = server.arrive();
            long s0 = System.nanoTime();
            try (Term term = Term.open(server.base(), single.cookie(), true, "lesson=one-engine")) {
                term.output().awaitText("learner@sandbox", SLOW);
                onePrompt.add(ms(s0));
                term.send("docker swarm init >/dev/null 2>&1 && echo INIT-$((40+2))\r".getBytes());
                term.output().awaitText("INIT-42", SLOW);
                oneInit.add(ms(s0));
            }

            ServerUnderTest.Learner learner = server.arrive();
            long t0 = System.nanoTime();
            List<Term> terms = new ArrayList<>();
            try {
                for (int k = 1; k <= 3; k++) {
                    terms.add(Term.open(server.base(), learner.cookie(), true, "lesson=three-nodes&node=" + k));
                }
                for (int k = 1; k <= 3; k++) {
                    terms.get(k - 1).output().awaitText("learner@node" + k, SLOW);
                }
                prompts.add(ms(t0));
                terms.get(0).send(("docker swarm init >/dev/null 2>&1; echo JOIN=$(docker swarm join-token -q worker)@"
                        + "$(ip -4 -o addr show eth1 | awk '{print $4}' | cut -d/ -f1)\r").getBytes());
                String[] join = new String[2];
                Pattern both = Pattern.compile("(" + JOIN.pattern() + ")");
                String line = terms.get(0).output().awaitMatch(both, SLOW);
                var m = JOIN.matcher(line);
                m.find();
                join[0] = m.group(1);
                join[1] = m.group(2);
                for (int k = 2; k <= 3; k++) {
                    terms.get(k - 1).send(("docker swarm join --token " + join[0] + " " + join[1] + ":2377\r").getBytes());
                }
                for (int k = 2; k <= 3; k++) {
                    terms.get(k - 1).output().awaitText("This node joined a swarm as a worker", SLOW);
                }
                joined.add(ms(t0));
            } finally {
                for (Term t : terms) {
                    t.close();
                }
            }
        }
        Report.row("Nodes: open a 3-node lesson to all three prompts (ms, median of " + ROUNDS + ")", median(prompts),
                median(onePrompt), "baseline: one Docker-enabled sandbox's prompt, same run");
        Report.row("Nodes: open a 3-node lesson to a joined 3-node swarm (ms, median of " + ROUNDS + ")", median(joined),
                median(oneInit), "baseline: one sandbox opened and `docker swarm init` done, same run");
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
