package dev.dockerlab.db;

/** A statement the progress database refused, or a schema it could not reach; the cause says why. */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DatabaseException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
