package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quiz steps and the course file: how they are read, graded and validated, on the fixture lessons and on folders the test writes. */
class QuizReaderTest {

    /** Absolute, as the catalog and the validator hand it to the loader (a scenario's assets are found by their real path). */
    static final Path FIXTURES = Path.of("src/test/resources/test-lessons").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private final LessonLoader loader = new LessonLoader(Duration.ofSeconds(10), Duration.ofSeconds(60));

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static LessonSet lesson(LessonLoader.Loaded loaded, String slug) {
        return loaded.lessons().stream().filter(l -> l.slug().equals(slug)).findFirst().orElseThrow();
    }

    @Test
    void theFixtureQuizzesAreReadWithoutProblemsAndKeepTheirKinds() {
        LessonLoader.Loaded loaded = loader.load(FIXTURES);
        assertThat(loaded.problems()).as("problems").isEmpty();
        Lesson quiz = lesson(loaded, "quiz").original();
        assertThat(quiz.steps()).extracting(Lesson.Step::kind).containsExactly("quiz", "quiz", "quiz", "text");
        Quiz single = quiz.steps().get(0).quiz();
        assertThat(single.kind()).isEqualTo(Quiz.Kind.SINGLE);
        assertThat(single.options()).extracting(Quiz.Option::correct).containsExactly(false, true, false);
        assertThat(single.options().get(0).html()).isEqualTo("Each container boots its own kernel.");
        assertThat(single.explanationHtml()).contains("<code>uname -r</code>");
        assertThat(quiz.steps().get(1).quiz().kind()).isEqualTo(Quiz.Kind.MULTIPLE);
        Quiz trueFalse = quiz.steps().get(2).quiz();
        assertThat(trueFalse.isTrueFalse()).isTrue();
        assertThat(trueFalse.choiceCount()).isEqualTo(2);
        assertThat(trueFalse.options()).isEmpty();
    }

    @Test
    void aTranslatedQuizHasItsOwnTextAndTheOriginalsAnswers() {
        Lesson ko = lesson(loader.load(FIXTURES), "quiz").in("ko");
        Quiz single = ko.steps().get(0).quiz();
        assertThat(single.options().get(1).html()).isEqualTo("한 호스트의 컨테이너는 모두 호스트의 커널을 함께 쓴다.");
        assertThat(single.options()).extracting(Quiz.Option::correct).as("the answer comes from the original")
                .containsExactly(false, true, false);
        assertThat(single.options().get(0).whyHtml()).contains("호스트 커널 위에서");
        assertThat(single.explanationHtml()).contains("맞습니다");
        assertThat(ko.steps().get(2).quiz().answer()).isFalse();
        assertThat(ko.steps().get(2).quiz().whyHtml()).contains("리눅스 컨테이너만");
        assertThat(ko.steps().get(3).title()).as("an untranslated step falls back to English").isEqualTo("Only reading");
    }

    @Test
    void aRightAnswerGetsTheExplanationAndAWrongOneWhyItIsWrong() {
        Lesson quiz = lesson(loader.load(FIXTURES), "quiz").original();
        Quiz single = quiz.steps().get(0).quiz();
        assertThat(single.grade(Set.of(1))).isEqualTo(new Quiz.Grade(true, single.explanationHtml()));
        assertThat(single.grade(Set.of(2)).correct()).isFalse();
        assertThat(single.grade(Set.of(2)).explanationHtml()).contains("A VM emulates hardware");

        Quiz multiple = quiz.steps().get(1).quiz();
        assertThat(multiple.grade(Set.of(1, 3)).correct()).isTrue();
        assertThat(multiple.grade(Set.of(1)).explanationHtml()).as("a right option left out, without a why: the general why")
                .contains("Pick every piece");
        assertThat(multiple.grade(Set.of(1, 2, 3)).explanationHtml()).as("a wrong option chosen: its why")
                .contains("A hypervisor runs virtual machines").doesNotContain("Pick every piece");

        Quiz trueFalse = quiz.steps().get(2).quiz();
        assertThat(trueFalse.grade(Set.of(Quiz.FALSE)).correct()).isTrue();
        assertThat(trueFalse.grade(Set.of(Quiz.TRUE)).explanationHtml()).contains("Linux containers only");
    }

    @Test
    void choicesOutOfRangeRepeatedOrTooManyAreRefusedSayingWhy() {
        Quiz single = lesson(loader.load(FIXTURES), "quiz").original().steps().get(0).quiz();
        assertThatThrownBy(() -> QuizService.validChoices(single, List.of())).isInstanceOf(BadAnswerException.class)
                .hasMessageContaining("No choice given");
        assertThatThrownBy(() -> QuizService.validChoices(single, List.of(3))).hasMessageContaining("numbered 0 to 2");
        assertThatThrownBy(() -> QuizService.validChoices(single, List.of(-1))).hasMessageContaining("not an option");
        assertThatThrownBy(() -> QuizService.validChoices(single, List.of(1, 1))).hasMessageContaining("twice");
        assertThatThrownBy(() -> QuizService.validChoices(single, List.of(0, 1))).hasMessageContaining("one choice");
        assertThat(QuizService.validChoices(single, List.of(1))).containsExactly(1);
    }

    @Test
    void theCourseOrdersItsLessonsFirstAndSkipsASlugWithoutAFolderWithAWarning() {
        LessonLoader.Loaded loaded = loader.load(FIXTURES);
        Course course = loaded.course().orElseThrow();
        assertThat(course.slugs()).containsExactly("checks", "quiz");
        assertThat(course.title("ko")).isEqualTo("픽스처 코스");
        assertThat(course.title("fr")).isEqualTo("Fixture course");
        assertThat(course.position("quiz")).hasValue(2);
        assertThat(course.position("scenario")).isEmpty();
        assertThat(loaded.lessons()).extracting(LessonSet::slug).containsExactly("checks", "quiz", "scenario", "docker",
                "docker-basics", "plain", "three-nodes", "one-engine", "processes", "docker-web", "root-and-docker",
                "site-on-the-machine");
        assertThat(loaded.warnings()).extracting(Problem::toString)
                .containsExactly("course.yml:8: warning: no lesson folder for not-written-yet (NN-not-written-yet/ with"
                        + " lesson.md); it is left out of the course until it exists");
    }

    private void lessonWith(String stepName, String stepText) throws IOException {
        write("01-demo/lesson.md", "---\ntitle: Demo\n---\nIntro.\n");
        write("01-demo/steps/" + stepName, stepText);
    }

    @Test
    void theValidatorReportsQuizzesThatCannotBeAnsweredRight() throws IOException {
        lessonWith("01-two-right.md", """
                ---
                quiz:
                  kind: single
                  options:
                    - text: A
                      correct: true
                    - text: B
                      correct: true
                ---
                # Two right

                Which?
                """);
        write("01-demo/steps/02-none-right.md", """
                ---
                quiz:
                  kind: multiple
                  options:
                    - text: A
                    - text: B
                ---
                # None right

                Which?
                """);
        write("01-demo/steps/03-no-answer.md", """
                ---
                quiz:
                  kind: true-false
                  explanation: Yes.
                ---
                # No answer

                True?
                """);
        write("01-demo/steps/04-both.md", """
                ---
                check: "true"
                solution: ls
                quiz:
                  kind: true-false
                  answer: true
                ---
                # Both

                Check or quiz?
                """);
        write("01-demo/steps/05-odd.md", """
                ---
                quiz:
                  kind: essay
                ---
                # Odd kind

                Write.
                """);
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "01-demo/steps/01-two-right.md:2: a single-choice quiz needs exactly one option with correct: true (it has 2);"
                        + " for several right options use kind: multiple",
                "01-demo/steps/02-none-right.md:2: a multiple-choice quiz needs at least one option with correct: true",
                "01-demo/steps/03-no-answer.md:3: a true-false quiz needs answer: true or answer: false",
                "01-demo/steps/04-both.md:2: a quiz step has no check: the server grades the answer; put the command in a"
                        + " step of its own",
                "01-demo/steps/04-both.md:3: a quiz step has no solution: the server grades the answer; put the command in a"
                        + " step of its own",
                "01-demo/steps/05-odd.md:3: quiz kind: must be single, multiple or true-false");
        assertThat(lesson(loaded, "demo").original().steps()).extracting(Lesson.Step::kind).as("an unusable quiz is just read")
                .containsExactly("text", "text", "text", "check", "text");
    }

    @Test
    void theValidatorReportsATranslationThatDiffersFromItsOriginalOrGivesTheAnswer() throws IOException {
        lessonWith("01-pick.md", """
                ---
                quiz:
                  kind: single
                  options:
                    - text: A
                      why: Not A.
                    - text: B
                      correct: true
                  explanation: B it is.
                ---
                # Pick

                Which?
                """);
        write("01-demo/lesson.ko.md", "---\ntitle: 데모\n---\n소개.\n");
        write("01-demo/steps/01-pick.ko.md", """
                ---
                quiz:
                  options:
                    - text: 가
                    - text: 나
                      correct: true
                ---
                # 고르기

                어느 것?
                """);
        write("01-demo/steps/02-count.md", """
                ---
                quiz:
                  kind: single
                  options:
                    - text: A
                    - text: B
                      correct: true
                ---
                # Count

                Which?
                """);
        write("01-demo/steps/02-count.ko.md", """
                ---
                quiz:
                  kind: single
                  options:
                    - text: 가
                ---
                # 개수

                어느 것?
                """);
        write("01-demo/steps/03-missing.md", """
                ---
                quiz:
                  kind: true-false
                  answer: true
                ---
                # Missing

                True?
                """);
        write("01-demo/steps/03-missing.ko.md", "# 빠짐\n\n참?\n");
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "01-demo/steps/01-pick.ko.md:6: correct belongs in the original only: the answer is the same in every language",
                "01-demo/steps/01-pick.ko.md:2: the quiz has no translated explanation: (the original has one)",
                "01-demo/steps/01-pick.ko.md:4: option 1 has no translated why: (the original has one)",
                "01-demo/steps/02-count.ko.md:3: kind belongs in the original only: the answer is the same in every language",
                "01-demo/steps/02-count.ko.md:2: the translation has 1 option(s), the original 2: translate every option, in the"
                        + " same order",
                "01-demo/steps/03-missing.ko.md:1: missing translation key quiz (steps/03-missing.md has it): repeat the quiz"
                        + " with its options' text, why and explanation translated");
        Quiz ko = lesson(loaded, "demo").in("ko").steps().get(0).quiz();
        assertThat(ko.options().get(0).html()).isEqualTo("가");
        assertThat(ko.options().get(0).whyHtml()).as("a missing text falls back to the original's").contains("Not A.");
        assertThat(ko.explanationHtml()).contains("B it is.");
    }

    @Test
    void theValidatorReportsAnUnusableCourseFile() throws IOException {
        lessonWith("01-read.md", "# Read\n\nRead.\n");
        write("course.yml", """
                summary: No title.
                colour: blue
                lessons:
                  - demo
                  - demo
                  - later
                """);
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "course.yml:2: unknown key colour; known keys are title, summary, title-<language>, summary-<language>, lessons",
                "course.yml:1: the course has no title (title: ...)",
                "course.yml:5: demo is listed twice: a lesson has one place in the course");
        assertThat(loaded.warnings()).extracting(Problem::line).containsExactly(6);
        assertThat(loaded.course().orElseThrow().slugs()).containsExactly("demo");
    }
}
