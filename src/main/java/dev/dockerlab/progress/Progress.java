package dev.dockerlab.progress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/** What one learner has finished: per lesson the steps done, and the last thing they did. */
public record Progress(List<LessonProgress> lessons, Optional<LessonProgress> latest) {

    public static final Progress NONE = new Progress(List.of(), Optional.empty());

    public record LessonProgress(String slug, SortedSet<Integer> finished, Instant lastActivity) {
    }

    public Optional<LessonProgress> of(String slug) {
        return lessons.stream().filter(l -> l.slug().equals(slug)).findFirst();
    }

    public SortedSet<Integer> finished(String slug) {
        return of(slug).map(LessonProgress::finished).orElse(java.util.Collections.emptySortedSet());
    }
}
