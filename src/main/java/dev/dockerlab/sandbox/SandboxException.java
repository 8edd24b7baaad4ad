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

    /** Too many calls of one kind at once, for this learner or for everyone; answered 429. */
    public static final class Busy extends SandboxException {
        public Busy(String what) {
            super("Too many " + what + " at once; try again in a moment.");
        }
    }

    /** Another live server owns this instance's sandboxes on this engine: this one must not start. */
    public static final class InstanceTaken extends SandboxException {
        public InstanceTaken(String instance, String owner) {
            super("Instance \"" + instance + "\" on this Docker engine belongs to " + owner + ": two servers of one"
                    + " instance would reap each other's learners. Stop that server first, or run this one as another"
                    + " instance with ports of its own: -Ddockerlab.sandbox.instance=<name> -Dquarkus.http.port=<port>"
                    + " -Ddockerlab.docker.gate-port=<port> (docs/operations.md, \"Several servers, one engine\").");
        }
    }

    public static final class EngineUnavailable extends SandboxException {
        public EngineUnavailable(Throwable cause) {
            super("The Docker engine behind dockerlab is not answering. Your sandbox's files are kept while the"
                    + " engine is away; this page reconnects when it is back.", cause);
        }
    }

    /** The sandboxes' set-up at start (network, firewall, adoption) failed or is taking far too long. */
    public static final class NotSetUp extends SandboxException {
        public NotSetUp(String why) {
            super("dockerlab could not set up the sandboxes' network and firewall (" + why + "), so no sandbox can"
                    + " start; the server stops and an operator reads why in its log.");
        }
    }

    public static final class ImageMissing extends SandboxException {
        public ImageMissing(String image) {
            super("The sandbox image " + image + " is missing from the Docker engine. An operator must run"
                    + " deploy/setup.sh to build it.");
        }
    }

    /** The engine's host could not make a Docker-enabled sandbox's own file system (docs/operations.md). */
    public static final class StorageUnavailable extends SandboxException {
        public StorageUnavailable(String why) {
            super("dockerlab could not make the storage of your Docker engine (" + why + "). An operator must check"
                    + " the loop devices and dockerlab.docker.storage-dir on the engine's host (docs/operations.md).");
        }
    }

    /** The sandbox no longer exists (removed behind our back); the engine answered 404. */
    public static final class Gone extends SandboxException {
        public Gone(String why) {
            super(why);
        }

        public Gone(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /**
     * The sandbox exists but does not run (its learner can kill its main process); the engine
     * answered 409. Nothing can run in it: a fresh one is needed.
     */
    public static final class Stopped extends SandboxException {
        public Stopped(Throwable cause) {
            super(SandboxEnded.Reason.GONE.message(), cause);
        }
    }
}
