package dev.dockerlab.learner;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How often one client (an address, a learner) may do something: a token bucket per key that
 * holds {@code perMinute} tokens and refills at that rate, so a burst of that size passes and
 * then one per {@code 60/perMinute} seconds. A key whose bucket is full again is forgotten, so
 * the map holds only the clients of the last minute, however many come and go.
 */
public final class RateLimiter {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(10);

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    /** {@code perMinute} 0 or less: no limit. */
    public RateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    RateLimiter(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    /** Takes one token for this key; false when its bucket is empty. */
    public boolean tryTake(String key) {
        if (perMinute <= 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        boolean[] taken = {false};
        buckets.compute(key, (k, old) -> {
            Bucket bucket = old == null ? new Bucket(perMinute, now) : old.at(now, perMinute);
            if (bucket.tokens() >= 1) {
                taken[0] = true;
                return new Bucket(bucket.tokens() - 1, now);
            }
            return bucket;
        });
        return taken[0];
    }

    /** Whole seconds until a refused key may try again (for {@code Retry-After}). */
    public long retryAfterSeconds() {
        return perMinute <= 0 ? 0 : Math.max(1, (long) Math.ceil(60.0 / perMinute));
    }

    public int perMinute() {
        return perMinute;
    }

    /** Keys remembered now: the clients of about the last minute. */
    public int size() {
        sweep(nanoClock.getAsLong());
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    private void sweep(long now) {
        buckets.forEach((key, bucket) -> {
            if (bucket.at(now, perMinute).tokens() >= perMinute) {
                buckets.remove(key, bucket);
            }
        });
    }

    private record Bucket(double tokens, long since) {
        Bucket at(long now, int perMinute) {
            double refilled = tokens + (double) (now - since) * perMinute / MINUTE;
            return new Bucket(Math.min(perMinute, refilled), now);
        }
    }
}
