package dev.dockerlab.support;

import java.util.ArrayList;
import java.util.List;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

/** What must hold for every learner sandbox the app created, read back from {@code docker inspect}. */
public final class HardeningAudit {

    private HardeningAudit() {
    }

    /** Every way this container falls short of the plain sandbox profile; empty when it holds. */
    public static List<String> problems(InspectContainerResponse inspect) {
        List<String> problems = new ArrayList<>();
        HostConfig host = inspect.getHostConfig();
        String name = inspect.getName();
        check(problems, name, "runs as uid 1000", "1000:1000".equals(inspect.getConfig().getUser()));
        check(problems, name, "drops every capability", host.getCapDrop() != null && List.of(host.getCapDrop()).contains(Capability.ALL));
        check(problems, name, "adds none back", host.getCapAdd() == null || host.getCapAdd().length == 0);
        check(problems, name, "sets no-new-privileges", host.getSecurityOpts() != null && host.getSecurityOpts().contains("no-new-privileges:true"));
        check(problems, name, "keeps the default seccomp profile", host.getSecurityOpts() == null
                || host.getSecurityOpts().stream().noneMatch(o -> o.startsWith("seccomp") || o.startsWith("apparmor")));
        check(problems, name, "is not privileged", !Boolean.TRUE.equals(host.getPrivileged()));
        check(problems, name, "has a memory limit", host.getMemory() != null && host.getMemory() > 0);
        check(problems, name, "has no swap beyond memory", host.getMemorySwap() != null && host.getMemorySwap().equals(host.getMemory()));
        check(problems, name, "has a CPU quota", host.getNanoCPUs() != null && host.getNanoCPUs() > 0);
        check(problems, name, "has a pids limit", host.getPidsLimit() != null && host.getPidsLimit() > 0);
        check(problems, name, "has an init process", Boolean.TRUE.equals(host.getInit()));
        check(problems, name, "caps its logs", host.getLogConfig() != null && host.getLogConfig().getConfig() != null
                && host.getLogConfig().getConfig().containsKey("max-size"));
        check(problems, name, "has a read-only root", Boolean.TRUE.equals(host.getReadonlyRootfs()));
        check(problems, name, "mounts nothing of the host", (host.getBinds() == null || host.getBinds().length == 0)
                && (inspect.getMounts() == null || inspect.getMounts().isEmpty()));
        check(problems, name, "has no host devices", host.getDevices() == null || host.getDevices().length == 0);
        check(problems, name, "is not on the host network", !"host".equals(host.getNetworkMode()));
        check(problems, name, "has its own PID namespace", host.getPidMode() == null || host.getPidMode().isEmpty());
        check(problems, name, "has its own IPC namespace", !"host".equals(host.getIpcMode()));
        check(problems, name, "has its own UTS namespace", !"host".equals(host.getUtSMode()));
        check(problems, name, "publishes no ports", host.getPortBindings() == null || host.getPortBindings().getBindings().isEmpty());
        return problems;
    }

    private static void check(List<String> problems, String name, String what, boolean holds) {
        if (!holds) {
            problems.add(name + " " + what + ": it does not");
        }
    }
}
