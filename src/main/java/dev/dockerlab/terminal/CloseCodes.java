package dev.dockerlab.terminal;

import dev.dockerlab.sandbox.SandboxEnded;
import dev.dockerlab.sandbox.SandboxException;

/** WebSocket close codes of {@code /terminal}; docs/protocol.md is their public description. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int POLICY = 1008;
    public static final int INTERNAL_ERROR = 1011;
    /**
     * Every sandbox is taken, or a limit that protects the server was reached (this learner's or
     * the server's open terminals, new sandboxes from this address): the error frame says which; retry later.
     */
    public static final int AT_CAPACITY = 4001;
    /** The Docker engine does not answer; retry with backoff. */
    public static final int ENGINE_UNAVAILABLE = 4002;
    /** The learner reset their sandbox; reconnect at once for a fresh one. */
    public static final int SANDBOX_RESET = 4003;
    /** The sandbox ended (idle, max lifetime, removed); reconnecting starts a new one. */
    public static final int SANDBOX_ENDED = 4004;
    /** The server cannot make sandboxes (image missing): an operator must act. */
    public static final int NOT_READY = 4005;
    /**
     * The sandbox's shell keeper let go of this tab (it took no output for a minute, or over 128
     * tabs were attached); the shell lives on and reconnecting attaches again.
     */
    public static final int DETACHED = 4006;
    /** A viewed learner has no sandbox running (yet): the viewer retries with backoff. */
    public static final int NOTHING_TO_VIEW = 4010;
    /** The learner sent keystrokes faster than the shell could take them. */
    public static final int INPUT_FLOOD = 4009;

    private CloseCodes() {
    }

    static int of(SandboxException e) {
        if (e instanceof SandboxException.AtCapacity) {
            return AT_CAPACITY;
        }
        if (e instanceof SandboxException.EngineUnavailable) {
            return ENGINE_UNAVAILABLE;
        }
        if (e instanceof SandboxException.ImageMissing || e instanceof SandboxException.StorageUnavailable) {
            return NOT_READY;
        }
        return SANDBOX_ENDED;
    }

    static int of(SandboxEnded.Reason reason) {
        return switch (reason) {
            case RESET, PROFILE_CHANGED -> SANDBOX_RESET;
            case SHUTDOWN -> GOING_AWAY;
            case IDLE, MAX_LIFETIME, GONE, WORKSHOP_CLOSED -> SANDBOX_ENDED;
        };
    }
}
