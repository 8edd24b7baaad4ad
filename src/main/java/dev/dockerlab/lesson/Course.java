package dev.dockerlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The course path from {@code lessons/course.yml}: a title and summary per language, and the
 * slugs of its lessons in the order a newcomer takes them (only lessons that exist; a slug whose
 * folder has not landed yet is left out, with a warning).
 */
public record Course(Map<String, String> titles, Map<String, String> summaries, List<String> slugs) {

    public String title(String language) {
        return titles.getOrDefault(language, titles.getOrDefault(LessonSet.DEFAULT_LANGUAGE, ""));
    }

    public String summary(String language) {
        return summaries.getOrDefault(language, summaries.getOrDefault(LessonSet.DEFAULT_LANGUAGE, ""));
    }

    /** The lesson's place on the path, from 1; empty for a lesson outside it. */
    public OptionalInt position(String slug) {
        int index = slugs.indexOf(slug);
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
    }
}
