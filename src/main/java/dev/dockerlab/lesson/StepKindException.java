package dev.dockerlab.lesson;

/** A request asked a step for what it does not do: an answer from a step that is not a quiz, a check of a quiz. */
public class StepKindException extends RuntimeException {

    public StepKindException(String message) {
        super(message);
    }
}
