package dev.dockerlab.learner;

/** A request that needs a learner came without a learner cookie this server issued. */
public class NoLearnerException extends RuntimeException {

    public NoLearnerException() {
        super("No valid learner cookie came with this request: open a dockerlab page first so the browser gets one,"
                + " and make sure cookies are allowed for this site.");
    }
}
