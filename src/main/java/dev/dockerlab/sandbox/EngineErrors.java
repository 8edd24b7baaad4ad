package dev.dockerlab.sandbox;

import com.github.dockerjava.api.exception.DockerException;

import dev.dockerlab.sandbox.SandboxEnded.Reason;

/**
 * What the engine's answers about a sandbox mean to the rest of dockerlab, read from the HTTP
 * status only: the engine's message texts differ between versions and are not a contract.
 * Callers above {@code sandbox} see {@link SandboxException}s, never docker-java's exceptions.
 */
final class EngineErrors {

    /** The container (or an exec in it) does not exist: removed behind our back. */
    static final int NOT_FOUND = 404;
    /** The container exists but does not run: exited, paused, or on its way out. */
    static final int CONFLICT = 409;
    /** A network join of a container already on that network. */
    static final int FORBIDDEN = 403;

    private EngineErrors() {
    }

    /** The HTTP status of an engine answer; 0 when the exception did not come from one. */
    static int status(RuntimeException e) {
        if (e instanceof DockerException docker) {
            // docker-java's subclasses (NotFoundException, ...) carry the status too
            return docker.getHttpStatus();
        }
        return 0;
    }

    /**
     * The engine's answer to a call on a learner's sandbox, as the project's exception: 404 is
     * {@link SandboxException.Gone}, 409 {@link SandboxException.Stopped}; any other answer is
     * returned unchanged (a bug to see in the log, not a learner's situation).
     */
    static RuntimeException forSandbox(DockerException e) {
        return switch (status(e)) {
            case NOT_FOUND -> new SandboxException.Gone(Reason.GONE.message(), e);
            case CONFLICT -> new SandboxException.Stopped(e);
            default -> e;
        };
    }
}
