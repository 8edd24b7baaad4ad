package dev.dockerlab.web;

/** The panel was opened before the learner had a sandbox; answered 404, and the page tries again. */
public class NoPanelSandboxException extends RuntimeException {

    public NoPanelSandboxException() {
        super("You have no sandbox yet: open a lesson and its terminal starts one.");
    }
}
