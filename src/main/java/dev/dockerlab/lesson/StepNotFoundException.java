package dev.dockerlab.lesson;

/** A request named a step its lesson does not have. */
public class StepNotFoundException extends RuntimeException {

    public StepNotFoundException(Lesson lesson, String step) {
        super("The lesson '" + lesson.slug() + "' has no step " + sanitize(step) + ": its steps are numbered 1 to "
                + lesson.steps().size() + ".");
    }

    private static String sanitize(String step) {
        String s = step == null ? "" : step.replaceAll("[^A-Za-z0-9._-]", "?");
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
