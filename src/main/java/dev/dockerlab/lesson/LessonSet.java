package dev.dockerlab.lesson;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One lesson folder: the lesson in each language it is offered in ({@code en} always). */
record LessonSet(String slug, int order, Path folder, Map<String, Lesson> byLanguage) {

    static final String DEFAULT_LANGUAGE = "en";

    Lesson original() {
        return byLanguage.get(DEFAULT_LANGUAGE);
    }

    /** The lesson in {@code language}, or the original when it is not translated into it. */
    Lesson in(String language) {
        Lesson translated = language == null ? null : byLanguage.get(language);
        return translated != null ? translated : original();
    }

    List<String> languages() {
        return original().languages();
    }
}
