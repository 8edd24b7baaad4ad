package dev.dockerlab.terminal;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the terminals carry, kept for the server's figures: bytes each way, and each terminal's
 * time from open to first output. Counting is a {@link LongAdder} per byte chunk; nothing else
 * happens on the data path.
 */
final class Traffic {

    private final LongAdder toBrowsers = new LongAdder();
    private final LongAdder fromBrowsers = new LongAdder();
    private final Consumer<Duration> firstOutput;

    Traffic(Consumer<Duration> firstOutput) {
        this.firstOutput = firstOutput;
    }

    void sent(int bytes) {
        toBrowsers.add(bytes);
    }

    void received(int bytes) {
        fromBrowsers.add(bytes);
    }

    void firstOutput(Duration afterOpen) {
        firstOutput.accept(afterOpen);
    }

    long toBrowsers() {
        return toBrowsers.sum();
    }

    long fromBrowsers() {
        return fromBrowsers.sum();
    }
}
