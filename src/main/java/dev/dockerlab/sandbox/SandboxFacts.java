package dev.dockerlab.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ChangeLog;
import com.github.dockerjava.api.model.Statistics;

/**
 * What the "under the hood" panel shows about one learner's sandbox: kernel, runtime, processes
 * with their PIDs inside and on the host, limits, usage, changes to the image, and for a
 * Docker-enabled sandbox what the learner's own engine holds. Read from the engine and, for the
 * inner engine, through its socket as the learner.
 */
@ApplicationScoped
public class SandboxFacts {

    public record Process(String command, Integer pidInContainer, int pidOnHost) {
    }

    public record Change(String path, String kind) {

        /** One line of the engine's diff of a container against its image. */
        static Change of(ChangeLog c) {
            return new Change(c.getPath(), switch (c.getKind()) {
                case 1 -> "added";
                case 2 -> "deleted";
                default -> "changed";
            });
        }
    }

    /** {@code notes}: what could not be shown and why (an answer too large or too slow), in words for the learner. */
    public record Facts(String kernel, String runtime, String profile, List<Process> processes, Map<String, Object> limits,
            Map<String, Object> usage, List<Change> changes, Map<String, Object> docker, List<String> notes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Between the engine's answers, which end with a newline of their own (or not). */
    private static final String SEPARATOR = "--dockerlab-facts--";
    /**
     * $1: the most bytes of each answer. The socket belongs to the learner, who can put anything
     * there (a script that streams without end): {@code head} stops each answer at its share, and
     * the server's own cap on the exec's output holds whatever runs here instead.
     */
    private static final String INNER = "s=${XDG_RUNTIME_DIR:-" + SandboxProfiles.RUNTIME_DIR + "}/docker.sock;"
            + " for p in 'containers/json?all=1' images/json networks volumes; do"
            + " curl -fsS --max-time 3 --unix-socket \"$s\" \"http://engine/$p\" 2>/dev/null | head -c \"$1\";"
            + " echo; echo " + SEPARATOR + "; done";
    private static final String[] INNER_PARTS = {"containers", "images", "networks", "volumes"};

    private final Engine engine;
    private final SandboxExec execs;
    private final SandboxConfig config;
    private final Permits permits;

    public SandboxFacts(Engine engine, SandboxExec execs, SandboxConfig config) {
        this.engine = engine;
        this.execs = execs;
        this.config = config;
        this.permits = new Permits(config.factsConcurrency(), config.factsPerLearner());
    }

    /**
     * The facts of a learner's sandbox, read under limits: a few calls at once per learner and in
     * all, each answer from inside the sandbox capped and timed.
     *
     * @throws SandboxException.Busy when this learner, or everyone together, has as many calls running as allowed
     */
    public Facts of(Sandbox sandbox, SandboxProfile profile) {
        try (Permits.Permit permit = permits.tryAcquire(sandbox.learnerHash())
                .orElseThrow(() -> new SandboxException.Busy("requests for your sandbox's facts"))) {
            return read(sandbox, profile);
        }
    }

    private Facts read(Sandbox sandbox, SandboxProfile profile) {
        List<String> notes = new ArrayList<>();
        var docker = engine.client();
        var inspect = docker.inspectContainerCmd(sandbox.containerId()).exec();
        var host = inspect.getHostConfig();
        String runtime = host.getRuntime() == null || host.getRuntime().isBlank() ? "runc" : host.getRuntime();

        List<Process> processes = new ArrayList<>();
        var top = docker.topContainerCmd(sandbox.containerId()).withPsArgs("-eo pid,args").exec();
        if (top.getProcesses() != null) {
            for (String[] row : top.getProcesses()) {
                int hostPid = Integer.parseInt(row[0].trim());
                processes.add(new Process(row[row.length - 1], pidInContainer(hostPid), hostPid));
            }
        }

        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("memoryBytes", host.getMemory());
        limits.put("swapBytes", host.getMemorySwap() == null || host.getMemory() == null ? null : host.getMemorySwap() - host.getMemory());
        limits.put("cpus", host.getNanoCPUs() == null ? null : host.getNanoCPUs() / 1e9);
        limits.put("pids", host.getPidsLimit());
        limits.put("readOnlyRoot", host.getReadonlyRootfs());
        limits.put("capabilitiesAdded", host.getCapAdd() == null ? List.of() : List.of(host.getCapAdd()).stream().map(Object::toString).toList());

        Map<String, Object> usage = new LinkedHashMap<>();
        Statistics stats = stats(sandbox.containerId());
        if (stats != null && stats.getMemoryStats() != null) {
            usage.put("memoryBytes", stats.getMemoryStats().getUsage());
        } else {
            usage.put("memoryBytes", null);
        }
        usage.put("pids", stats == null || stats.getPidsStats() == null ? null : stats.getPidsStats().getCurrent());
        usage.put("processes", processes.size());

        List<Change> changes = new ArrayList<>();
        List<ChangeLog> diff = docker.containerDiffCmd(sandbox.containerId()).exec();
        if (diff != null) {
            for (ChangeLog c : diff) {
                changes.add(Change.of(c));
            }
        }
        String kernel = exec(sandbox.containerId(), notes, "uname -r").trim();
        Map<String, Object> inner = profile.hasEngine() ? innerEngine(sandbox.containerId(), notes) : null;
        return new Facts(kernel, runtime, profile.label(), processes, limits, usage, changes, inner, List.copyOf(notes));
    }

    /** The learner's own engine, as `docker ps -a`, `docker images` and `docker network ls` would show it. */
    Map<String, Object> innerEngine(String containerId, List<String> notes) {
        long share = config.factsMaxBytes().asLongValue() / INNER_PARTS.length;
        String[] answers = exec(containerId, notes, INNER, Long.toString(share)).split(SEPARATOR);
        for (int i = 0; i < INNER_PARTS.length; i++) {
            // an answer that filled its share was cut: it is not valid JSON any more, and not shown
            if (answers.length > i && answers[i].strip().getBytes(StandardCharsets.UTF_8).length >= share) {
                notes.add("Your Docker engine's list of " + INNER_PARTS[i] + " is larger than " + share / 1024
                        + " KiB; it is not shown.");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode containers = parse(answers, 0);
        out.put("running", containers != null);
        List<Map<String, Object>> cs = new ArrayList<>();
        if (containers != null) {
            for (JsonNode c : containers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.path("Id").asText().substring(0, Math.min(12, c.path("Id").asText().length())));
                m.put("name", c.path("Names").path(0).asText().replaceFirst("^/", ""));
                m.put("image", c.path("Image").asText());
                m.put("state", c.path("State").asText());
                m.put("status", c.path("Status").asText());
                List<String> ports = new ArrayList<>();
                for (JsonNode p : c.path("Ports")) {
                    if (p.has("PublicPort")) {
                        ports.add(p.path("PublicPort").asInt() + "->" + p.path("PrivatePort").asInt() + "/" + p.path("Type").asText());
                    }
                }
                m.put("ports", ports.stream().distinct().toList());
                List<String> joined = new ArrayList<>();
                c.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(joined::add);
                m.put("networks", joined);
                List<String> mounts = new ArrayList<>();
                for (JsonNode mount : c.path("Mounts")) {
                    if ("volume".equals(mount.path("Type").asText())) {
                        mounts.add(mount.path("Name").asText());
                    }
                }
                m.put("volumes", mounts);
                cs.add(m);
            }
        }
        out.put("containers", cs);
        List<Map<String, Object>> images = new ArrayList<>();
        JsonNode is = parse(answers, 1);
        if (is != null) {
            for (JsonNode i : is) {
                List<String> tags = new ArrayList<>();
                i.path("RepoTags").forEach(t -> tags.add(t.asText()));
                images.add(Map.of("id", i.path("Id").asText().replaceFirst("^sha256:", "").substring(0, 12),
                        "tags", tags, "sizeBytes", i.path("Size").asLong()));
            }
        }
        out.put("images", images);
        List<Map<String, Object>> networks = new ArrayList<>();
        JsonNode ns = parse(answers, 2);
        if (ns != null) {
            for (JsonNode n : ns) {
                networks.add(Map.of("name", n.path("Name").asText(), "driver", n.path("Driver").asText(),
                        "scope", n.path("Scope").asText()));
            }
        }
        out.put("networks", networks);
        List<Map<String, Object>> volumes = new ArrayList<>();
        JsonNode vs = parse(answers, 3);
        if (vs != null) {
            for (JsonNode v : vs.path("Volumes")) {
                volumes.add(Map.of("name", v.path("Name").asText(), "driver", v.path("Driver").asText()));
            }
        }
        out.put("volumes", volumes);
        return out;
    }

    private static JsonNode parse(String[] answers, int i) {
        if (answers.length <= i || answers[i].isBlank() || "null".equals(answers[i].trim())) {
            return null;
        }
        try {
            return JSON.readTree(answers[i]);
        } catch (IOException e) {
            return null;
        }
    }

    /** The PID a host process has in the sandbox's own PID namespace (NSpid), when this server sees the host's /proc. */
    static Integer pidInContainer(int hostPid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(hostPid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] pids = line.substring(6).trim().split("\\s+");
                    return pids.length > 1 ? Integer.valueOf(pids[1]) : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a remote engine, or the process ended meanwhile
        }
        return null;
    }

    private Statistics stats(String containerId) {
        var result = new java.util.concurrent.CompletableFuture<Statistics>();
        try (var callback = engine.client().statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                result.complete(s);
            }
        })) {
            return result.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    String exec(String containerId, List<String> notes, String script, String... args) {
        SandboxExec.Result out = execs.run(containerId, LearnerCommand.script(script, args)
                .withTimeout(config.factsTimeout()).withOutputCap(config.factsMaxBytes().asLongValue()));
        if (out.truncated()) {
            notes.add("Your sandbox answered with more than " + config.factsMaxBytes().asLongValue() / 1024
                    + " KiB; only that much was read.");
        }
        if (out.timedOut()) {
            notes.add("Your sandbox did not answer within " + config.factsTimeout().toSeconds() + " s; what it had said"
                    + " by then is shown.");
        }
        return out.output();
    }
}
