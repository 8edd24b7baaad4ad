import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.model.Container;

import dev.dockerlab.sandbox.Labels;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxProfiles;

/**
 * The servers of the Docker figures ({@link DockerLessons}, {@link DockerClass}): the fixture
 * lessons ({@link Nodes#OPTIONS}, where {@code one-engine} has {@code sandbox: docker}), a warm
 * pool of Docker-enabled sandboxes when asked, and a patient stop, since a Docker-enabled
 * sandbox's removal (its engine, then its file system) takes a second or more where a plain one
 * takes milliseconds, and a class's worth would outlast {@link ServerUnderTest#close}'s 20 s.
 */
final class DockerServers {

    /** The readiness check's count of ready pool sandboxes, of every profile (these servers keep no plain ones). */
    private static final Pattern POOLED = Pattern.compile("\"pooled\"\\s*:\\s*(\\d+)");
    /** Resets at once: each removes a sandbox and its file system through the server. */
    private static final int REMOVERS = 8;
    private static final Duration STOP_PATIENCE = Duration.ofMinutes(10);
    /** In the name of a pool sandbox nobody has claimed yet ({@code dockerlab-<instance>-pool-<random>}). */
    private static final String UNCLAIMED = "-pool-";

    private DockerServers() {
    }

    /** A server with the fixture lessons and {@code dockerPool} Docker-enabled sandboxes kept ready (no plain ones). */
    static ServerUnderTest start(String name, int dockerPool) throws Exception {
        List<String> options = new ArrayList<>(Nodes.OPTIONS);
        options.add("-Ddockerlab.docker.pool-size=" + dockerPool);
        return ServerUnderTest.start(name, 0, options);
    }

    /** Ready pool sandboxes as the readiness check reports them; -1 when it does not answer. */
    static int pooled(ServerUnderTest server) {
        try {
            String body = ServerUnderTest.HTTP.send(HttpRequest.newBuilder(server.base().resolve("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = POOLED.matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Until the pool holds {@code size}, polled every 100 ms (a Docker-enabled pool sandbox takes
     * seconds); false when it did not within the timeout. The check's {@code pooled} counts every
     * profile: with no plain pool, it is the Docker pool ({@code ServerUnderTest.awaitPool} waits
     * 60 s at most, too little for a class's pool).
     */
    static boolean awaitPool(ServerUnderTest server, int size, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pooled(server) < size) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Running Docker-enabled sandboxes of this run's servers (the learners', and the pool's). */
    static int dockerSandboxes() {
        return dockerSandboxList().size();
    }

    /**
     * Running Docker-enabled sandboxes of this run that a learner has: made for them, or claimed
     * from the pool. A claimed one keeps the label {@code dockerlab.learner=pool} for life (labels
     * cannot change), so it is known by its name, no longer an unclaimed pool name.
     */
    static List<String> learnersSandboxes() {
        return dockerSandboxList().stream()
                .filter(c -> c.getNames() != null && c.getNames().length > 0 && !c.getNames()[0].contains(UNCLAIMED))
                .map(Container::getId).toList();
    }

    /**
     * The learner's sandbox on a server where one learner at a time has one: by its labels
     * ({@link ServerUnderTest#containerOf}), or else the one claimed from the pool.
     */
    static String sandboxOf(ServerUnderTest server, ServerUnderTest.Learner learner) {
        try {
            return server.containerOf(learner);
        } catch (IllegalStateException notMadeForThem) {
            List<String> claimed = learnersSandboxes();
            if (claimed.size() != 1) {
                throw new IllegalStateException("looking for one learner's sandbox, found " + claimed.size());
            }
            return claimed.get(0);
        }
    }

    interface Step<T> {
        void on(T t) throws Exception;
    }

    /**
     * {@code step} on each, REMOVERS at a time (each is engine work: a removal, a file system
     * released), waiting for all; one that fails is left for a later sweep.
     */
    static <T> void eachFewAtATime(List<T> all, Step<T> step) {
        Semaphore few = new Semaphore(REMOVERS);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T t : List.copyOf(all)) {
                threads.submit(() -> {
                    few.acquire();
                    try {
                        step.on(t);
                    } finally {
                        few.release();
                    }
                    return null;
                });
            }
        }
    }

    private static List<Container> dockerSandboxList() {
        return Sandboxes.DOCKER.listContainersCmd()
                .withLabelFilter(Map.of(SandboxProfiles.PROFILE_LABEL, SandboxProfile.DOCKER.label(), Labels.ROLE, Labels.ROLE_SANDBOX))
                .exec().stream().filter(DockerServers::ofThisRun).toList();
    }

    /**
     * Resets the learners (REMOVERS at a time), then stops the server and waits, however long its
     * removal of the pool takes; then checks that it left nothing of this run behind.
     */
    static void stop(ServerUnderTest server, List<ServerUnderTest.Learner> learners) throws Exception {
        // a reset that fails leaves its sandbox to the server's stop below
        eachFewAtATime(learners, server::reset);
        ProcessHandle.of(server.pid()).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                System.out.println("bench: the server " + server.base() + " did not stop within " + STOP_PATIENCE);
            }
        });
        server.close();
        awaitNothingLeft();
    }

    /**
     * Until no container and no volume of this run is left (a server's, or a bare engine's), so
     * that the next part's readings of memory and disk start from none; what is still there after
     * two minutes is removed, and said.
     */
    static void awaitNothingLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (leftovers() > 0) {
            if (System.nanoTime() > deadline) {
                System.out.println("bench: " + leftovers() + " containers and volumes of this run were left behind;"
                        + " removing them (a Docker-enabled sandbox's file system may stay in /var/lib/dockerlab/storage)");
                Sandboxes.removeLeftovers();
                BareEngine.removeLeftovers();
                for (var v : volumes()) {
                    try {
                        Sandboxes.DOCKER.removeVolumeCmd(v).exec();
                    } catch (RuntimeException e) {
                        // in use or gone
                    }
                }
                return;
            }
            Thread.sleep(500);
        }
    }

    private static int leftovers() {
        long containers = Sandboxes.DOCKER.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true")).exec()
                .stream().filter(DockerServers::ofThisRun).count();
        return (int) containers + volumes().size();
    }

    private static List<String> volumes() {
        var volumes = Sandboxes.DOCKER.listVolumesCmd().withFilter("label", List.of(Labels.MANAGED + "=true")).exec().getVolumes();
        List<String> ours = new ArrayList<>();
        for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            String instance = v.getLabels() == null ? null : v.getLabels().get(Labels.INSTANCE);
            if (instance != null && instance.startsWith(Bench.RUN)) {
                ours.add(v.getName());
            }
        }
        return ours;
    }

    private static boolean ofThisRun(Container c) {
        String instance = c.getLabels() == null ? null : c.getLabels().get(Labels.INSTANCE);
        return instance != null && instance.startsWith(Bench.RUN);
    }
}
