package dev.dockerlab.sandbox;

/**
 * Something a learner or operator must be told about a sandbox, with a fixed message that says
 * what to do. Each kind maps to one HTTP status and one WebSocket close code.
 */
public abstract class SandboxException extends RuntimeException {

    protected SandboxException(String message) {
        super(message);
    }

    protected SandboxException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class AtCapacity extends SandboxException {
        public AtCapacity(int max) {
            super("dockerlab is at capacity: all " + max + " sandboxes are in use. Try again in a few minutes;"
                    + " an operator can raise dockerlab.sandbox.max-sandboxes.");
        }
    }

    public static final class EngineUnavailable extends SandboxException {
        public EngineUnavailable(Throwable cause) {
            super("The Docker engine behind dockerlab is not answering. Your sandbox's files are kept while the"
                    + " engine is away; this page reconnects when it is back.", cause);
        }
    }

    public static final class ImageMissing extends SandboxException {
        public ImageMissing(String image) {
            super("The sandbox image " + image + " is missing from the Docker engine. An operator must run"
                    + " deploy/setup.sh to build it.");
        }
    }

    public static final class Gone extends SandboxException {
        public Gone(String why) {
            super(why);
        }
    }
}
