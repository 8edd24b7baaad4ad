package dev.dockerlab.sandbox;

/** Fired (synchronously) after a learner's sandbox was removed, so open terminals can say why. */
public record SandboxEnded(String learnerHash, Reason reason) {

    public enum Reason {
        RESET("Your sandbox was reset: a fresh one is starting."),
        PROFILE_CHANGED("This lesson needs Docker: your sandbox is being replaced by one with its own Docker engine."
                + " Files from the old sandbox are not kept."),
        IDLE("Your sandbox was removed after a period without activity. Start a new one to go on."),
        MAX_LIFETIME("Your sandbox reached its maximum lifetime and was removed. Start a new one to go on."),
        GONE("Your sandbox stopped or was removed outside dockerlab. Start a new one to go on."),
        WORKSHOP_CLOSED("Your workshop was closed and its sandboxes removed. Your progress is kept: start a new sandbox to go on."),
        SHUTDOWN("The server is shutting down.");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }
}
