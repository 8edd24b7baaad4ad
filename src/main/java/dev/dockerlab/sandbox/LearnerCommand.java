package dev.dockerlab.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A command for {@link SandboxExec#run}: what to run, how long to wait for it, and how much of
 * its output (stdout; a script sends stderr there itself when it should count) to keep.
 *
 * @param argv the command and its arguments
 * @param timeout how long the server waits; past it the stream is closed and the result says so
 * @param outputCap the most bytes of output kept; 0 runs the command with its output unread
 * @param readPastCap past the cap, go on reading (and dropping) to the end instead of closing the
 *        stream: for commands whose author the server trusts to end, as a lesson's check
 */
public record LearnerCommand(List<String> argv, Duration timeout, long outputCap, boolean readPastCap) {

    /** What a caller that does not say waits for a command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** What a caller that does not say keeps of a command's output. */
    public static final long DEFAULT_OUTPUT_CAP = 1024 * 1024;

    public LearnerCommand {
        argv = List.copyOf(argv);
        if (outputCap < 0) {
            throw new IllegalArgumentException("outputCap is " + outputCap + ": write 0 or more bytes");
        }
    }

    /** {@code sh -c script}; extra arguments become $1, $2... */
    public static LearnerCommand script(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "dockerlab"));
        argv.addAll(List.of(args));
        return new LearnerCommand(argv, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP, false);
    }

    /** A program and its arguments, run directly. */
    public static LearnerCommand of(String... argv) {
        return new LearnerCommand(List.of(argv), DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP, false);
    }

    public LearnerCommand withTimeout(Duration wait) {
        return new LearnerCommand(argv, wait, outputCap, readPastCap);
    }

    public LearnerCommand withOutputCap(long bytes) {
        return new LearnerCommand(argv, timeout, bytes, readPastCap);
    }

    /** Reads the output to its end even past the cap, dropping what does not fit. */
    public LearnerCommand readingPastCap() {
        return new LearnerCommand(argv, timeout, outputCap, true);
    }
}
