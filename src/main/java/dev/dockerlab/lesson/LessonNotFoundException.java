package dev.dockerlab.lesson;

/** A request named a lesson the catalog does not have. */
public class LessonNotFoundException extends RuntimeException {

    public LessonNotFoundException(String slug) {
        super("There is no lesson called '" + sanitize(slug) + "'. The catalog at / lists every lesson.");
    }

    private static String sanitize(String slug) {
        String s = slug == null ? "" : slug.replaceAll("[^A-Za-z0-9._-]", "?");
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
