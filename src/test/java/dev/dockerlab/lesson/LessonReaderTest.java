package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader and the validator on lesson folders written by the test: what is read, and every problem with its file and line. */
class LessonReaderTest {

    @TempDir
    Path root;

    private final LessonLoader loader = new LessonLoader(Duration.ofSeconds(10), Duration.ofSeconds(60));

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void goodLesson() throws IOException {
        write("01-demo/lesson.md", """
                ---
                title: Demo
                summary: A demo.
                objectives:
                  - Learn
                ---
                Intro.
                """);
        write("01-demo/steps/01-make.md", """
                ---
                check: test -f ~/x
                hint: Use `touch`.
                solution: touch ~/x
                timeout: 5s
                ---
                # Make a file

                Do it.
                """);
        write("01-demo/steps/02-look.md", """
                ---
                check: "true"
                solution: ls
                fails-before-solution: false
                ---
                # Look

                Look around.
                """);
        write("01-demo/finish.md", "Done.\n");
    }

    @Test
    void aLessonIsReadWithItsStepsChecksHintsAndSolutions() throws IOException {
        goodLesson();
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).as("problems").isEmpty();
        Lesson lesson = loaded.lessons().get(0).original();
        assertThat(lesson.slug()).isEqualTo("demo");
        assertThat(lesson.steps()).hasSize(2);
        Lesson.Step make = lesson.steps().get(0);
        assertThat(make.title()).isEqualTo("Make a file");
        assertThat(make.check()).isEqualTo(new Lesson.Check("test -f ~/x", Duration.ofSeconds(5), true));
        assertThat(make.solution()).isEqualTo("touch ~/x");
        assertThat(make.hintHtml()).contains("<code>touch</code>");
        assertThat(lesson.steps().get(1).check().failsBeforeSolution()).isFalse();
        assertThat(lesson.steps().get(1).check().timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aTranslationReplacesFileByFileAndFallsBackToTheOriginal() throws IOException {
        goodLesson();
        write("01-demo/lesson.ko.md", """
                ---
                title: 데모
                summary: 데모입니다.
                objectives:
                  - 배우기
                ---
                소개.
                """);
        write("01-demo/steps/01-make.ko.md", """
                ---
                hint: "`touch`를 쓰세요."
                ---
                # 파일 만들기

                하세요.
                """);
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).as("problems").isEmpty();
        LessonSet set = loaded.lessons().get(0);
        Lesson ko = set.in("ko");
        assertThat(set.languages()).containsExactly("en", "ko");
        assertThat(ko.title()).isEqualTo("데모");
        assertThat(ko.steps().get(0).title()).isEqualTo("파일 만들기");
        assertThat(ko.steps().get(0).hintHtml()).contains("를 쓰세요");
        assertThat(ko.steps().get(0).check().command()).as("the check comes from the original").isEqualTo("test -f ~/x");
        assertThat(ko.steps().get(1).title()).as("an untranslated step falls back to English").isEqualTo("Look");
        assertThat(ko.finishHtml()).contains("Done.");
        assertThat(set.in("fr").title()).as("an unknown language gets the original").isEqualTo("Demo");
    }

    @Test
    void theValidatorReportsEveryProblemWithFileAndLine() throws IOException {
        goodLesson();
        write("01-demo/steps/03-empty.md", "# Nothing here\n");
        write("01-demo/steps/04-no-command.md", """
                ---
                hint: x
                check:
                ---
                # Broken check

                Text.
                """);
        write("01-demo/steps/05-bad-yaml.md", """
                ---
                check: [unclosed
                ---
                # Bad

                Text ![pic](missing.png)
                """);
        write("01-demo/steps/06-typo.md", """
                ---
                chek: ls
                ---
                # Typo

                Text.
                """);
        write("01-demo/lesson.ko.md", """
                ---
                title: 데모
                ---
                소개.
                """);
        write("01-demo/steps/01-make.ko.md", """
                ---
                check: ls
                ---
                # 만들기

                하세요.
                """);
        write("02-untitled/lesson.md", "---\nsummary: no title\n---\n");

        List<String> problems = loader.load(root).problems().stream().map(Problem::toString).toList();

        assertThat(problems).as(String.join("\n", problems)).contains(
                "01-demo/steps/03-empty.md:2: empty step: write what the learner should do",
                "01-demo/steps/04-no-command.md:3: a check without a command: give the command that exits 0 once the step is done, or remove check:",
                "01-demo/steps/06-typo.md:2: unknown key chek; known keys here are [check, fails-before-solution, hint, quiz, solution, timeout]",
                "01-demo/lesson.ko.md:1: missing translation key summary (lesson.md has it)",
                "01-demo/lesson.ko.md:1: missing translation key objectives (lesson.md has it)",
                "01-demo/steps/01-make.ko.md:2: check belongs in the original, steps/01-make.md: it is the same in every language",
                "01-demo/steps/01-make.ko.md:1: missing translation key hint (steps/01-make.md has it)",
                "01-demo/steps/05-bad-yaml.md:6: image missing.png is missing: put it beside the Markdown",
                "02-untitled/lesson.md:1: the front matter has no title (title: ...); the lesson is not shown");
        assertThat(problems).anyMatch(p -> p.startsWith("01-demo/steps/05-bad-yaml.md:") && p.contains("not valid YAML"));
    }

    @Test
    void aLessonSaysWhichSandboxItNeedsAndAMisspeltOneIsReported() throws IOException {
        goodLesson();
        write("02-docker/lesson.md", "---\ntitle: Docker\nsandbox: docker\n---\nIntro.\n");
        write("02-docker/steps/01-run.md", "# Run\n\nRun it.\n");
        write("03-typo/lesson.md", "---\ntitle: Typo\nsandbox: dokcer\n---\nIntro.\n");
        write("03-typo/steps/01-run.md", "# Run\n\nRun it.\n");
        LessonLoader.Loaded loaded = loader.load(root);
        java.util.Map<String, Lesson> bySlug = new java.util.HashMap<>();
        loaded.lessons().forEach(set -> bySlug.put(set.slug(), set.original()));
        assertThat(bySlug.get("demo").sandbox()).as("no sandbox key: the operator's default").isEmpty();
        assertThat(bySlug.get("docker").sandbox()).contains(dev.dockerlab.sandbox.SandboxProfile.DOCKER);
        assertThat(bySlug.get("typo").sandbox()).as("a misspelt profile: the default, and a problem").isEmpty();
        assertThat(loaded.problems().stream().map(Problem::toString)).containsExactly("03-typo/lesson.md:3: sandbox must be"
                + " plain, docker or root (docker: the learner's own Docker engine; root: root on a machine of that engine);"
                + " the lesson gets the operator's default");
    }

    @Test
    void aKillercodaScenarioIsReadAsItIsWithNotesForWhatCannotApply() throws IOException {
        write("03-kc/index.json", """
                {
                  "title": "KC",
                  "description": "A scenario",
                  "details": {
                    "intro": {"text": "intro.md", "background": "setup.sh"},
                    "steps": [{"text": "step1/text.md", "verify": "step1/verify.sh"}],
                    "finish": {"text": "finish.md"}
                  },
                  "backend": {"imageid": "kubernetes-kubeadm-2nodes"}
                }
                """);
        write("03-kc/intro.md", "Hello `uname`{{exec}}\n");
        write("03-kc/step1/text.md", "# Make it\n\n```\ntouch /tmp/kc\n```{{exec}}\n");
        write("03-kc/step1/verify.sh", "#!/bin/bash\ntest -f /tmp/kc\n");
        write("03-kc/finish.md", "Bye\n");
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).as("problems").isEmpty();
        Lesson lesson = loaded.lessons().get(0).original();
        assertThat(lesson.slug()).isEqualTo("kc");
        assertThat(lesson.format()).isEqualTo(Lesson.Format.KILLERCODA);
        assertThat(lesson.summary()).isEqualTo("A scenario");
        assertThat(lesson.introHtml()).contains("data-run");
        Lesson.Step step = lesson.steps().get(0);
        assertThat(step.title()).isEqualTo("Make it");
        assertThat(step.check().command()).contains("test -f /tmp/kc");
        assertThat(step.solution()).isEqualTo("touch /tmp/kc");
        assertThat(step.html()).contains("<pre data-run=\"\"><code class=\"language-plain\">touch /tmp/kc");
        assertThat(lesson.notes()).hasSize(2);
        assertThat(lesson.notes().get(0)).contains("kubernetes-kubeadm-2nodes").contains("several machines");
        assertThat(lesson.notes().get(1)).contains("set-up scripts");
    }

    @Test
    void aBrokenKillercodaIndexIsReportedWithItsLine() throws IOException {
        write("04-kc/index.json", "{\n  \"title\": \"x\",\n  oops\n}\n");
        assertThat(loader.load(root).problems()).singleElement().asString().startsWith("04-kc/index.json:3: not valid JSON");
    }

    @Test
    void nodesGiveALessonSeveralDockerEnabledSandboxesWithinTheLimit() throws IOException {
        for (String[] lesson : new String[][] {
                {"01-three", "nodes: 3"}, {"02-too-many", "nodes: 9"}, {"03-plain", "sandbox: plain\nnodes: 2"},
                {"04-words", "nodes: three"}}) {
            write(lesson[0] + "/lesson.md", "---\ntitle: T\n" + lesson[1] + "\n---\nIntro.\n");
            write(lesson[0] + "/steps/01-a.md", "# A\n\nDo it.\n");
        }
        var loaded = loader.load(root);
        var three = loaded.lessons().stream().filter(l -> l.slug().equals("three")).findFirst().orElseThrow().original();
        assertThat(three.nodes()).isEqualTo(3);
        assertThat(three.sandbox()).as("nodes are Docker-enabled").contains(dev.dockerlab.sandbox.SandboxProfile.DOCKER);
        List<String> problems = loaded.problems().stream().map(Problem::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("02-too-many/lesson.md:3: nodes must be a whole number from 1 to 5"));
        assertThat(problems).anyMatch(p -> p.startsWith("03-plain/lesson.md:4: nodes are Docker-enabled sandboxes"));
        assertThat(problems).anyMatch(p -> p.startsWith("04-words/lesson.md:3: nodes must be a whole number"));
        assertThat(loaded.lessons().stream().filter(l -> !l.slug().equals("three")).map(l -> l.original().nodes()))
                .as("a lesson whose nodes are wrong gets one").containsOnly(1);
    }
}
