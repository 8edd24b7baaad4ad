package dev.dockerlab.classroom;

/**
 * A request needed an instructor: without credentials it is {@link NotSignedIn} (401), with
 * credentials that are not an instructor's {@link WrongCredentials} (403).
 */
public abstract sealed class InstructorException extends RuntimeException {

    InstructorException(String message) {
        super(message);
    }

    public static final class NotSignedIn extends InstructorException {
        public NotSignedIn() {
            super("This is for instructors: send Authorization: Bearer <instructor token>, or sign in at /instructor/sign-in.");
        }
    }

    public static final class WrongCredentials extends InstructorException {
        public WrongCredentials() {
            super("These credentials are not an instructor's: the token is wrong, or the signed-in account lacks the instructor role.");
        }
    }
}
