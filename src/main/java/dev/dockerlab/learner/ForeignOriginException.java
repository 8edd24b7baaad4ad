package dev.dockerlab.learner;

/** A request acting for a learner came from another site's page (its Origin is not dockerlab's own). */
public class ForeignOriginException extends RuntimeException {

    public ForeignOriginException() {
        super("Checks, answers and resets may only be sent from dockerlab's own pages, not from another site.");
    }
}
