package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator over the real content: the lessons shipped and the interface translations. */
class LessonValidatorTest {

    @Test
    void theShippedLessonsHaveNoProblems() {
        List<Problem> problems = LessonValidator.lessons(Path.of("lessons"));
        assertThat(problems).as("deploy/validate-lessons.sh would report:\n%s",
                String.join("\n", problems.stream().map(Problem::toString).toList())).isEmpty();
    }

    @Test
    void everyInterfaceMessageIsTranslated() {
        List<Problem> problems = LessonValidator.messages();
        assertThat(problems).as(String.join("\n", problems.stream().map(Problem::toString).toList())).isEmpty();
    }

    @Test
    void theShippedLessonsAreOfferedInKorean() {
        var loaded = new LessonLoader(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)).load(Path.of("lessons"));
        assertThat(loaded.lessons()).filteredOn(l -> l.original().format() == Lesson.Format.DOCKERLAB)
                .allSatisfy(l -> assertThat(l.languages()).as(l.slug()).contains("ko"));
    }
}
