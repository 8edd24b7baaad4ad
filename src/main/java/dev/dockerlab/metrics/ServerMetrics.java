package dev.dockerlab.metrics;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.dockerlab.lesson.CheckRan;
import dev.dockerlab.sandbox.CapacityRefused;
import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.SandboxConfig;
import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.sandbox.SandboxStarted;
import dev.dockerlab.terminal.TerminalReady;
import dev.dockerlab.terminal.TerminalService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * dockerlab's own figures at {@code /q/metrics} (Prometheus text, every name starting with
 * {@code dockerlab_}; docs/operations.md says what each means and which to alert on). Nothing
 * else in the server knows Micrometer: states are read from the services when scraped, and what
 * happens arrives as the events the other packages fire anyway ({@link SandboxEnded}) or for this
 * ({@link SandboxStarted}, {@link CapacityRefused}, {@link TerminalReady}, {@link CheckRan}).
 */
@Startup
@ApplicationScoped
public class ServerMetrics {

    /** Open-to-prompt: tens of milliseconds from the warm pool, hundreds cold, seconds when the engine struggles. */
    private static final Duration[] PROMPT_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    /** A check: most take a fraction of a second, a step may allow up to a minute. */
    private static final Duration[] CHECK_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    /** A new sandbox: a rename from the pool, a container start, or a Docker-enabled one with its volume. */
    private static final Duration[] START_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private final MeterRegistry registry;
    // Micrometer holds what it reads from weakly: this bean, which the application context holds, is that
    private final SandboxService sandboxes;
    private final TerminalService terminals;
    private final Engine engine;
    private final SandboxConfig config;

    public ServerMetrics(MeterRegistry registry, SandboxService sandboxes, TerminalService terminals, Engine engine,
            SandboxConfig config) {
        this.registry = registry;
        this.sandboxes = sandboxes;
        this.terminals = terminals;
        this.engine = engine;
        this.config = config;
        for (SandboxProfile profile : SandboxProfile.values()) {
            Gauge.builder("dockerlab.sandboxes", this, m -> m.sandboxes.liveCount(profile))
                    .description("Learners' sandboxes by profile and state: live (a learner's), starting (being made or claimed)")
                    .tags("profile", profile.label(), "state", "live").register(registry);
            Gauge.builder("dockerlab.sandboxes", this, m -> m.sandboxes.startingCount(profile))
                    .description("Learners' sandboxes by profile and state: live (a learner's), starting (being made or claimed)")
                    .tags("profile", profile.label(), "state", "starting").register(registry);
        }
        Gauge.builder("dockerlab.sandboxes.max", this, m -> m.config.maxSandboxes())
                .description("dockerlab.sandbox.max-sandboxes: beyond it new learners are refused").register(registry);
        Gauge.builder("dockerlab.pool.size", this, m -> m.sandboxes.pooled())
                .description("Warm, unclaimed sandboxes ready now, plain and Docker-enabled").register(registry);
        Gauge.builder("dockerlab.pool.target", this, m -> m.sandboxes.poolTarget())
                .description("Warm sandboxes the pool aims to hold: pool-size and docker.pool-size, plus those started ahead"
                        + " for a class, within the room max-sandboxes leaves").register(registry);
        Gauge.builder("dockerlab.terminals.open", this, m -> m.terminals.openCount())
                .description("Open terminal connections").register(registry);
        FunctionCounter.builder("dockerlab.terminal.relayed", this, m -> m.terminals.bytesToBrowsers())
                .baseUnit("bytes").description("Bytes relayed between shells and browsers")
                .tags("direction", "to_browser").register(registry);
        FunctionCounter.builder("dockerlab.terminal.relayed", this, m -> m.terminals.bytesFromBrowsers())
                .baseUnit("bytes").description("Bytes relayed between shells and browsers")
                .tags("direction", "from_browser").register(registry);
        FunctionCounter.builder("dockerlab.engine.errors", this, m -> m.engine.unansweredCalls())
                .description("Docker engine calls that failed: unanswered (no connection, timeout) or failed (answered 5xx)")
                .tags("kind", "unanswered").register(registry);
        FunctionCounter.builder("dockerlab.engine.errors", this, m -> m.engine.failedCalls())
                .description("Docker engine calls that failed: unanswered (no connection, timeout) or failed (answered 5xx)")
                .tags("kind", "failed").register(registry);
    }

    void sandboxStarted(@Observes SandboxStarted started) {
        String source = started.fromPool() ? "pool" : "new";
        registry.counter("dockerlab.sandboxes.started", "profile", started.profile().label(), "source", source).increment();
        timer("dockerlab.sandbox.start", "Time to give a learner a sandbox: a claim from the pool or a new container",
                START_BUCKETS, "source", source).record(started.took());
    }

    void sandboxEnded(@Observes SandboxEnded ended) {
        registry.counter("dockerlab.sandboxes.removed", "reason", ended.reason().name().toLowerCase(Locale.ROOT)).increment();
    }

    void refused(@Observes CapacityRefused refused) {
        registry.counter("dockerlab.capacity.refusals", "limit", refused.limit()).increment();
    }

    void terminalReady(@Observes TerminalReady ready) {
        timer("dockerlab.terminal.open.to.prompt", "From a terminal's open to its first output (the prompt)",
                PROMPT_BUCKETS).record(ready.openToPrompt());
    }

    void checkRan(@Observes CheckRan ran) {
        timer("dockerlab.check.duration", "How long a step's check took in the learner's sandbox, by result",
                CHECK_BUCKETS, "result", ran.result().name().toLowerCase(Locale.ROOT)).record(ran.took());
    }

    /** A histogram with fixed buckets (few series, comparable between servers), found or made. */
    private Timer timer(String name, String description, Duration[] buckets, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(buckets).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return buckets;
    }
}
