package dev.dockerlab.classroom;

/**
 * Why a workshop request cannot be done, each kind one HTTP status (web/ErrorMappers); messages
 * are in the request's language where a learner reads them.
 */
public abstract sealed class WorkshopException extends RuntimeException {

    WorkshopException(String message) {
        super(message);
    }

    /** No workshop has this join code (404). */
    public static final class UnknownCode extends WorkshopException {
        UnknownCode(String message) {
            super(message);
        }
    }

    /** The code is a workshop's that is closed or past its end (410). */
    public static final class NoLongerOpen extends WorkshopException {
        NoLongerOpen(String message) {
            super(message);
        }
    }

    /** No such workshop, or not this instructor's (404: an id of another's is not confirmed). */
    public static final class NotFound extends WorkshopException {
        NotFound(String id) {
            super("No workshop " + id + " of yours: GET /api/workshops lists them.");
        }
    }

    /** The request is not one the route takes: a name missing, unknown lessons, an end before the start (400). */
    public static final class Invalid extends WorkshopException {
        Invalid(String message) {
            super(message);
        }
    }

    /** It cannot be done in the workshop's state or with this server's settings (409). */
    public static final class NotPossible extends WorkshopException {
        NotPossible(String message) {
            super(message);
        }
    }
}
