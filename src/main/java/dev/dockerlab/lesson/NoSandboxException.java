package dev.dockerlab.lesson;

/** A check was asked for before the learner had a sandbox to run it in. Checks never start one by surprise. */
public class NoSandboxException extends RuntimeException {

    public NoSandboxException() {
        super("You have no sandbox yet: open the lesson's terminal (it starts your sandbox), then check again.");
    }
}
