import java.util.function.BooleanSupplier;

/** Waiting for a condition, polled often enough that a wait adds well under a millisecond to a figure. */
final class Waits {

    /**
     * How often a process's start is polled. Polling its readiness every 0.2 ms took most of a core
     * from the start it timed, on a machine of two: P5 read about 0.6 s more than the start took.
     * Every 5 ms costs the start nothing measurable and adds 2.5 ms to a figure on average.
     */
    static final long START_POLL_MICROS = 5_000;

    private Waits() {
    }

    static void until(BooleanSupplier condition, long timeoutMs) {
        until(condition, timeoutMs, 200);
    }

    /** The same, polled every {@code pollMicros}. */
    static void until(BooleanSupplier condition, long timeoutMs, long pollMicros) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMs + " ms");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(pollMicros / 1000, (int) (pollMicros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
