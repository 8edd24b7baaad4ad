package dev.dockerlab.terminal;

/** A terminal was not opened because a limit that protects the server was reached (close code 4001). */
public class TerminalRefusedException extends RuntimeException {

    public TerminalRefusedException(String message) {
        super(message);
    }
}
