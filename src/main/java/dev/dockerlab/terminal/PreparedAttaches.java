package dev.dockerlab.terminal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Shell attaches started before their browser is there, by sandbox container: the warm pool's
 * (for the first learner of a pool sandbox, kept while the sandbox waits) and a returning
 * learner's (started when the lesson page is asked for, so the terminal that page opens a moment
 * later skips the exec's start; kept {@code keep}, then hung up). Each is handed out once; one
 * nobody takes is hung up in the sandbox, so no attach is left behind (the keeper would otherwise
 * hold it, and the engine its stream connection).
 */
final class PreparedAttaches<A extends PreparedAttaches.Attach> {

    /** What this keeper needs of an attach. */
    interface Attach {
        /** Still running, with all its output kept: a terminal can take it over. */
        boolean alive();

        /** Ends it as a closing tab's attach ends: the keeper lets go of it, then its stream closes. */
        void hangUp();

        /** Closes its stream only (its sandbox is going anyway). */
        void close();
    }

    private static final Logger LOG = Logger.getLogger(PreparedAttaches.class);

    /** One preparation: the attach under way or started, and whether it is a returning learner's (which expires). */
    private record Entry<A>(CompletableFuture<A> attach, boolean expires) {
    }

    private final Map<String, Entry<A>> byContainer = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final Duration keep;
    private final int maxReturning;
    private final AtomicInteger returning = new AtomicInteger();

    /**
     * @param keep how long a returning learner's attach waits for its terminal
     * @param maxReturning returning learners' attaches at once (each holds a stream connection)
     */
    PreparedAttaches(ExecutorService background, Duration keep, int maxReturning) {
        this.background = background;
        this.keep = keep;
        this.maxReturning = maxReturning;
    }

    /** A warm-pool sandbox's attach, kept until its first learner takes it or the server stops. */
    void putForPool(String containerId, A prepared) {
        Entry<A> before = byContainer.put(containerId, new Entry<>(CompletableFuture.completedFuture(prepared), false));
        if (before != null) {
            release(before);
        }
    }

    /**
     * Starts an attach in a returning learner's sandbox in the background, unless one is there or
     * under way, or as many as allowed are waiting already. It is hung up after {@code keep} if no
     * terminal took it.
     *
     * @return whether a preparation was started
     */
    boolean prepareForReturning(String containerId, Supplier<A> start) {
        if (maxReturning <= 0 || byContainer.containsKey(containerId)) {
            return false;
        }
        if (returning.incrementAndGet() > maxReturning) {
            returning.decrementAndGet();
            return false;
        }
        Entry<A> entry = new Entry<>(new CompletableFuture<>(), true);
        if (byContainer.putIfAbsent(containerId, entry) != null) {
            returning.decrementAndGet();
            return false;
        }
        try {
            background.execute(() -> {
                try {
                    entry.attach().complete(start.get());
                } catch (RuntimeException e) {
                    LOG.debugf("No attach prepared in %s: %s", containerId, e.getMessage());
                    entry.attach().complete(null);
                }
            });
            // no thread waits out the keep: a stopping server hangs up what is left (closeAll)
            CompletableFuture.delayedExecutor(keep.toMillis(), TimeUnit.MILLISECONDS, background).execute(() -> {
                if (byContainer.remove(containerId, entry)) {
                    release(entry);
                }
            });
        } catch (RejectedExecutionException stopping) {
            if (byContainer.remove(containerId, entry)) {
                returning.decrementAndGet();
            }
            return false;
        }
        return true;
    }

    /**
     * The attach prepared in this sandbox, once: waits for one under way. Null when there is none,
     * or it died or could not keep all its output while it waited (the caller then starts its own).
     */
    A take(String containerId, Duration patience) {
        Entry<A> entry = byContainer.remove(containerId);
        if (entry == null) {
            return null;
        }
        if (entry.expires()) {
            returning.decrementAndGet();
        }
        A prepared;
        try {
            prepared = entry.attach().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseLater(entry);
            return null;
        } catch (ExecutionException | TimeoutException e) {
            releaseLater(entry);
            return null;
        }
        if (prepared != null && !prepared.alive()) {
            hangUpInBackground(prepared);
            return null;
        }
        return prepared;
    }

    /** Returning learners' attaches waiting now (for the tests and the limits). */
    int returningCount() {
        return returning.get();
    }

    /**
     * The server stops: every attach not taken ends. A pool sandbox's is closed (the sandbox goes
     * with the server); a returning learner's is hung up, as a closing tab's is (the shell stays).
     */
    void closeAll() {
        for (String id : Map.copyOf(byContainer).keySet()) {
            Entry<A> entry = byContainer.remove(id);
            if (entry == null) {
                continue;
            }
            if (entry.expires()) {
                returning.decrementAndGet();
                releaseLater(entry);
            } else {
                entry.attach().thenAccept(p -> {
                    if (p != null) {
                        p.close();
                    }
                });
            }
        }
    }

    private void release(Entry<A> entry) {
        if (entry.expires()) {
            returning.decrementAndGet();
        }
        entry.attach().thenAccept(p -> {
            if (p != null) {
                p.hangUp();
            }
        });
    }

    /** A preparation given up while still under way: hung up once it has started. */
    private void releaseLater(Entry<A> entry) {
        entry.attach().whenComplete((p, e) -> {
            if (p != null) {
                hangUpInBackground(p);
            }
        });
    }

    private void hangUpInBackground(A prepared) {
        try {
            background.execute(prepared::hangUp);
        } catch (RejectedExecutionException stopping) {
            prepared.close();
        }
    }
}
