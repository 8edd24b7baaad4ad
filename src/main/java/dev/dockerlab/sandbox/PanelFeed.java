package dev.dockerlab.sandbox;

import java.io.Closeable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Statistics;

import dev.dockerlab.sandbox.PanelFacts.Section;

/**
 * Feeds one open panel: while it is open, reads its section of the learner's sandbox and hands
 * each new picture to the page, at most one a {@code panel-interval}, and only when something
 * changed. Closing the feed stops every read. The limits come from the engine's own streams
 * (stats, about one sample a second; the sandbox's OOM events) instead of a poll.
 */
@ApplicationScoped
public class PanelFeed {

    /** One picture of a section; {@code data} is one of {@link PanelFacts}' records. */
    public record Update(String section, Object data) {
    }

    private static final Logger LOG = Logger.getLogger(PanelFeed.class);

    private final PanelFacts facts;
    private final Engine engine;
    private final SandboxConfig config;
    private final Permits permits;

    public PanelFeed(PanelFacts facts, Engine engine, SandboxConfig config) {
        this.facts = facts;
        this.engine = engine;
        this.config = config;
        this.permits = new Permits(config.panelFeeds(), config.panelFeedsPerLearner());
    }

    /**
     * A feed of {@code section} of the sandbox, holding its place among the open panels until
     * closed; it reads nothing until {@link Feed#start started}.
     *
     * @throws SandboxException.Busy when this learner, or everyone together, has as many panels open as allowed
     */
    public Feed open(Sandbox sandbox, SandboxProfile profile, Section section) {
        Permits.Permit permit = permits.tryAcquire(sandbox.learnerHash())
                .orElseThrow(() -> new SandboxException.Busy("open panels"));
        return new Feed(sandbox, profile, section, permit);
    }

    /** One open panel's feed. */
    public final class Feed implements Closeable {
        private final Sandbox sandbox;
        private final SandboxProfile profile;
        private final Section section;
        private final Permits.Permit permit;
        private volatile Consumer<Update> sink;
        private volatile Consumer<String> ended;
        private final AtomicBoolean open = new AtomicBoolean(true);
        private volatile Thread thread;
        private volatile Closeable stats;
        private volatile Closeable events;
        private Object last;

        Feed(Sandbox sandbox, SandboxProfile profile, Section section, Permits.Permit permit) {
            this.sandbox = sandbox;
            this.profile = profile;
            this.section = section;
            this.permit = permit;
        }

        /**
         * Starts reading: each new picture goes to {@code sink}; {@code ended} hears once, with the
         * reason, when the feed stops by itself (the sandbox went away).
         */
        public void start(Consumer<Update> sink, Consumer<String> ended) {
            this.sink = sink;
            this.ended = ended;
            Thread.ofVirtual().name("panel-" + section.id()).start(this::run);
        }

        private void run() {
            thread = Thread.currentThread();
            try {
                switch (section) {
                    case PROCESSES -> poll(() -> facts.processes(sandbox));
                    case WALLS -> send(facts.walls(sandbox)); // nothing about the walls changes while the sandbox lives
                    case LAYERS -> {
                        List<PanelFacts.Layer> image = facts.imageLayers(sandbox);
                        poll(() -> facts.layers(sandbox, image));
                    }
                    case LIMITS -> watchLimits();
                    case DOCKER -> {
                        if (profile.hasEngine()) {
                            poll(() -> facts.docker(sandbox));
                        } else {
                            send(new PanelFacts.Docker(null, List.of()));
                        }
                    }
                }
            } catch (SandboxException e) {
                endedBy(e.getMessage());
            } catch (RuntimeException e) {
                LOG.debugf(e, "panel feed of %s ended", sandbox.name());
                endedBy("The panel could not read your sandbox.");
            }
        }

        private void poll(java.util.function.Supplier<Object> read) {
            while (open.get()) {
                send(read.get());
                if (!pause()) {
                    return;
                }
            }
        }

        /** Sleeps one interval; false once the feed is closed. */
        private boolean pause() {
            try {
                Thread.sleep(config.panelInterval());
                return open.get();
            } catch (InterruptedException e) {
                return false;
            }
        }

        private void watchLimits() {
            PanelFacts.Limits limits = facts.limits(sandbox);
            send(limits);
            AtomicInteger ooms = new AtomicInteger();
            long[] lastSent = {0};
            events = engine.streams().eventsCmd().withContainerFilter(sandbox.containerId()).withEventFilter("oom")
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            ooms.incrementAndGet();
                        }
                    });
            stats = engine.streams().statsCmd(sandbox.containerId()).exec(new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics s) {
                    long now = System.nanoTime();
                    // the engine sends about one a second; never more than the interval allows
                    if (now - lastSent[0] >= config.panelInterval().toNanos() * 9 / 10) {
                        lastSent[0] = now;
                        send(PanelFacts.withUsage(limits, s, ooms.get()));
                    }
                }

                @Override
                public void onComplete() {
                    // the engine ends a container's stats when the container goes (a reset, the reaper)
                    endedBy("Your sandbox stopped.");
                }

                @Override
                public void onError(Throwable e) {
                    endedBy("The panel lost the engine's figures for your sandbox.");
                }
            });
        }

        private void endedBy(String reason) {
            if (open.get()) {
                ended.accept(reason);
            }
            close();
        }

        private synchronized void send(Object data) {
            if (open.get() && !Objects.equals(data, last)) {
                last = data;
                sink.accept(new Update(section.id(), data));
            }
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            for (Closeable c : new Closeable[] {stats, events}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        LOG.debug("closing a panel stream", e);
                    }
                }
            }
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
            permit.close();
        }
    }
}
