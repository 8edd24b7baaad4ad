package dev.dockerlab.lesson;

/** Something wrong in a lesson, where an author can find it: a file under the lessons folder and a line (1-based; 0 for the whole file). */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
