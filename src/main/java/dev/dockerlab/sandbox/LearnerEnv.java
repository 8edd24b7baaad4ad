package dev.dockerlab.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a claimed Docker-enabled pool sandbox's processes must know of their learner beyond its
 * container's environment: the sandbox was made before anyone claimed it, and a container's
 * environment cannot change after its creation. Every exec into it (the terminal's first attach,
 * which starts the shell; checks; the facts) carries this on top ({@link SandboxExec}), so the
 * learner's shell sees what a sandbox made for them would have had from the start.
 */
@ApplicationScoped
class LearnerEnv {

    private final Map<String, List<String>> byContainer = new ConcurrentHashMap<>();

    /** The learner's variables in this container from now on. */
    void set(String containerId, List<String> env) {
        byContainer.put(containerId, List.copyOf(env));
    }

    void forget(String containerId) {
        byContainer.remove(containerId);
    }

    /** {@code base}, then what this container's learner needs on top (nothing for most sandboxes). */
    List<String> with(String containerId, List<String> base) {
        List<String> extra = byContainer.get(containerId);
        if (extra == null) {
            return base;
        }
        List<String> all = new ArrayList<>(base);
        all.addAll(extra);
        return all;
    }
}
