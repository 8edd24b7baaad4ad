package dev.dockerlab.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.dockerjava.api.model.ChangeLog;
import com.github.dockerjava.api.model.Statistics;

/**
 * The "under the hood" panel's facts, one section at a time, each read the cheapest way the
 * engine offers: what a section does not show is not read. Everything comes from the engine about
 * the learner's own container, or from a command run in it as the learner; nothing of the host's
 * other processes or files is read, except the host's own namespace identities for the walls.
 */
@ApplicationScoped
public class PanelFacts {

    /** The panel's sections, in the order the page shows them. */
    public enum Section {
        PROCESSES, WALLS, LAYERS, LIMITS, DOCKER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The section called {@code id}, if there is one. */
        public static Optional<Section> of(String id) {
            for (Section s : values()) {
                if (s.id().equals(id)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One process: its PID in the sandbox's PID namespace and on the host; {@code parentOnHost}
     * is null for the sandbox's first process (its parent is the engine's, not the learner's);
     * {@code foreground}: in the terminal's foreground process group (ps's {@code +}); {@code uid} as the host counts it.
     */
    public record Proc(int pidOnHost, Integer pidInContainer, Integer parentOnHost, int uid, String command,
            boolean foreground) {
    }

    public record Processes(List<Proc> processes) {
    }

    /** One kind of namespace: the sandbox's identity and the host's; {@code shared} when they are one. */
    public record Namespace(String kind, String sandbox, String host, boolean shared) {
    }

    public record Walls(String kernel, String runtime, String hostname, List<Namespace> namespaces) {
    }

    public record Layer(String createdBy, long sizeBytes, long created) {
    }

    /** A file in one of the sandbox's writable places, newest first. */
    public record Written(String path, String type, long sizeBytes) {
    }

    /**
     * {@code layers}: the image's, bottom first; {@code writable}: where the sandbox may write (the
     * engine's writable layer, or, with a read-only root, its in-memory mounts); {@code changes}:
     * the engine's diff of the writable layer; {@code files}: what the learner wrote there.
     */
    public record Layers(String image, List<Layer> layers, boolean readOnlyRoot, List<String> writable,
            List<SandboxFacts.Change> changes, List<Written> files, boolean cut) {
    }

    /** Usage against limits; a null limit means none is set. {@code oomKills}: since the panel opened. */
    public record Limits(Long memoryBytes, Long memoryLimitBytes, Double cpuPercent, Double cpus, Long pids,
            Long pidsLimit, int oomKills) {
    }

    public record Docker(Map<String, Object> engine, List<String> notes) {
    }

    /** The most entries a list in the panel holds; beyond it the section says it was cut. */
    static final int MAX_ENTRIES = 60;
    static final List<String> NAMESPACES = List.of("pid", "net", "mnt", "uts", "ipc", "user", "cgroup");
    /**
     * The learner's files in the writable mounts, newest first: type, size, path. The keeper's own
     * directory is left out. Run as the learner, in the learner's own mount namespace: it cannot
     * list anything the learner could not list with {@code ls}; symbolic links are listed, not followed.
     */
    private static final String FILES = "find \"$@\" -xdev -mindepth 1 -path /tmp/.dockerlab -prune -o"
            + " -printf '%T@ %y %s %p\\n' 2>/dev/null | sort -rn | head -n " + MAX_ENTRIES;
    private static final String WALLS = "uname -r; hostname; for n in " + String.join(" ", NAMESPACES)
            + "; do readlink /proc/self/ns/$n || echo; done";

    private final Engine engine;
    private final SandboxFacts facts;

    public PanelFacts(Engine engine, SandboxFacts facts) {
        this.engine = engine;
        this.facts = facts;
    }

    /** The processes of the sandbox, as the engine's {@code top} sees them. */
    public Processes processes(Sandbox sandbox) {
        var top = engine.callOnSandbox(() -> engine.client().topContainerCmd(sandbox.containerId())
                .withPsArgs("-eo pid,ppid,uid,stat,args").exec());
        List<String[]> rows = top.getProcesses() == null ? List.of() : List.of(top.getProcesses());
        Set<Integer> inside = rows.stream().map(r -> Integer.parseInt(r[0].trim())).collect(Collectors.toSet());
        List<Proc> out = new ArrayList<>();
        for (String[] row : rows) {
            if (out.size() == MAX_ENTRIES * 4) {
                break; // the pids limit keeps this small already; a cap all the same
            }
            int pid = Integer.parseInt(row[0].trim());
            int parent = Integer.parseInt(row[1].trim());
            // the first process's parent is the engine's shim, a host process the page never hears of
            Integer shownParent = inside.contains(parent) ? parent : null;
            // the uid as a number: a user name would be the host's name for it, read from the host's files
            out.add(new Proc(pid, SandboxFacts.pidInContainer(pid), shownParent, Integer.parseInt(row[2].trim()), row[row.length - 1],
                    row[3].contains("+")));
        }
        return new Processes(out);
    }

    /** Kernel, runtime and namespaces: the sandbox's read from inside it, the host's as this server sees them. */
    public Walls walls(Sandbox sandbox) {
        var inspect = engine.callOnSandbox(() -> engine.client().inspectContainerCmd(sandbox.containerId()).exec());
        String runtime = inspect.getHostConfig().getRuntime();
        List<String> notes = new ArrayList<>();
        String[] lines = facts.exec(sandbox.containerId(), notes, WALLS).split("\n", -1);
        List<Namespace> namespaces = new ArrayList<>();
        for (int i = 0; i < NAMESPACES.size(); i++) {
            String kind = NAMESPACES.get(i);
            String mine = lines.length > i + 2 ? identity(lines[i + 2]) : "";
            String host = hostNamespace(kind);
            namespaces.add(new Namespace(kind, mine, host, !mine.isEmpty() && mine.equals(host)));
        }
        return new Walls(lines[0].trim(), runtime == null || runtime.isBlank() ? "runc" : runtime,
                lines.length > 1 ? lines[1].trim() : "", namespaces);
    }

    /** {@code pid:[4026532336]} -> {@code 4026532336}. */
    static String identity(String link) {
        String s = link.trim();
        int open = s.indexOf('[');
        return open >= 0 && s.endsWith("]") ? s.substring(open + 1, s.length() - 1) : s;
    }

    /** The host's namespace of a kind: PID 1's where this server may read it, else this server's own. */
    private static String hostNamespace(String kind) {
        for (String pid : List.of("1", "self")) {
            try {
                return identity(Files.readSymbolicLink(Path.of("/proc", pid, "ns", kind)).toString());
            } catch (IOException | RuntimeException e) {
                // not ours to read (another user's PID 1): try our own
            }
        }
        return "";
    }

    /** The image's layers, bottom first (they never change while the panel is open). */
    public List<Layer> imageLayers(Sandbox sandbox) {
        var inspect = engine.callOnSandbox(() -> engine.client().inspectContainerCmd(sandbox.containerId()).exec());
        var history = engine.callOnSandbox(() -> engine.client().imageHistoryCmd(inspect.getImageId()).exec());
        List<Layer> layers = new ArrayList<>();
        for (var h : history) {
            String by = h.getCreatedBy() == null ? "" : h.getCreatedBy().replaceFirst("^/bin/sh -c #\\(nop\\)\\s*", "")
                    .replaceFirst("^/bin/sh -c ", "RUN ");
            layers.add(0, new Layer(by.strip(), h.getSize() == null ? 0 : h.getSize(), h.getCreated() == null ? 0 : h.getCreated()));
        }
        return layers;
    }

    /** The layers and what this sandbox wrote above them. */
    public Layers layers(Sandbox sandbox, List<Layer> image) {
        var docker = engine.client();
        var inspect = engine.callOnSandbox(() -> docker.inspectContainerCmd(sandbox.containerId()).exec());
        boolean readOnly = Boolean.TRUE.equals(inspect.getHostConfig().getReadonlyRootfs());
        Map<String, String> tmpfs = inspect.getHostConfig().getTmpFs() == null ? Map.of() : inspect.getHostConfig().getTmpFs();
        List<String> writable = new ArrayList<>(tmpfs.keySet());
        writable.sort(null);
        List<SandboxFacts.Change> changes = new ArrayList<>();
        List<ChangeLog> diff = engine.callOnSandbox(() -> docker.containerDiffCmd(sandbox.containerId()).exec());
        boolean cut = false;
        for (ChangeLog c : diff == null ? List.<ChangeLog>of() : diff) {
            if (changes.size() == MAX_ENTRIES) {
                cut = true;
                break;
            }
            changes.add(SandboxFacts.Change.of(c));
        }
        List<Written> files = new ArrayList<>();
        if (!writable.isEmpty()) {
            List<String> notes = new ArrayList<>();
            String out = facts.exec(sandbox.containerId(), notes, FILES, writable.toArray(String[]::new));
            for (String line : out.split("\n")) {
                String[] f = line.split(" ", 4);
                if (f.length == 4) {
                    files.add(new Written(f[3], switch (f[1]) {
                        case "d" -> "directory";
                        case "l" -> "link";
                        default -> "file";
                    }, parseLong(f[2])));
                }
            }
            cut |= files.size() >= MAX_ENTRIES || !notes.isEmpty();
        }
        return new Layers(inspect.getConfig().getImage(), image, readOnly, writable, changes, files, cut);
    }

    /** The limits the engine enforces on the sandbox, from its configuration. */
    public Limits limits(Sandbox sandbox) {
        var host = engine.callOnSandbox(() -> engine.client().inspectContainerCmd(sandbox.containerId()).exec()).getHostConfig();
        return new Limits(null, host.getMemory() == null || host.getMemory() == 0 ? null : host.getMemory(), null,
                host.getNanoCPUs() == null || host.getNanoCPUs() == 0 ? null : host.getNanoCPUs() / 1e9, null,
                host.getPidsLimit() == null || host.getPidsLimit() <= 0 ? null : host.getPidsLimit(), 0);
    }

    /** {@code limits} with the usage of one sample of the engine's stats. */
    static Limits withUsage(Limits limits, Statistics s, int oomKills) {
        Long memory = s.getMemoryStats() == null ? null : s.getMemoryStats().getUsage();
        Long memoryLimit = limits.memoryLimitBytes();
        Double cpu = null;
        var now = s.getCpuStats();
        var before = s.getPreCpuStats();
        if (now != null && before != null && now.getCpuUsage() != null && before.getCpuUsage() != null
                && now.getSystemCpuUsage() != null && before.getSystemCpuUsage() != null
                && now.getCpuUsage().getTotalUsage() != null && before.getCpuUsage().getTotalUsage() != null) {
            long used = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
            long system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
            long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
            // percent of one core, as `docker stats` shows it: 100 is one whole core
            cpu = system > 0 && used >= 0 ? Math.round(used * 1000.0 * cpus / system) / 10.0 : null;
        }
        Long pids = s.getPidsStats() == null ? null : s.getPidsStats().getCurrent();
        return new Limits(memory, memoryLimit, cpu, limits.cpus(), pids, limits.pidsLimit(), oomKills);
    }

    /** The learner's own Docker engine: containers (with their networks, ports, volumes), images, networks, volumes. */
    public Docker docker(Sandbox sandbox) {
        List<String> notes = new ArrayList<>();
        Map<String, Object> inner = new LinkedHashMap<>(facts.innerEngine(sandbox.containerId(), notes));
        return new Docker(inner, List.copyOf(notes));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
