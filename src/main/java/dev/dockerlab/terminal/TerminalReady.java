package dev.dockerlab.terminal;

import java.time.Duration;

/**
 * A terminal showed its first output (the prompt, or the screen it returns to), this long after
 * its socket opened. Fired synchronously on the stream's thread: observers must be quick.
 */
public record TerminalReady(Duration openToPrompt) {
}
