package dev.dockerlab.lesson;

/** An answer to a quiz that is not a choice of its options: no choices, an index out of range, two for a single choice. */
public class BadAnswerException extends RuntimeException {

    public BadAnswerException(String message) {
        super(message);
    }
}
