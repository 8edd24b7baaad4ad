package dev.dockerlab.db;

/** A statement the progress database refused, or a schema it could not reach; carries the SQL state when there is one. */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DatabaseException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /** A unique key refused the row (the SQL standard's class 23, integrity constraint violation). */
    public boolean isConstraintViolation() {
        return getCause() instanceof java.sql.SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
