package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dockerlab.sandbox.SandboxProfile;

/** Killercoda scenarios as the reader and the validator see them: what runs where, which sandbox, what will not work and why. */
class KillercodaReaderTest {

    @TempDir
    Path root;

    private final LessonLoader loader = new LessonLoader(Duration.ofSeconds(10), Duration.ofSeconds(60));

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void scenario(String stepText, String extra) throws IOException {
        write("01-kc/index.json", """
                {
                  "title": "KC",
                  "details": {
                    "intro": {"title": "Hello", "text": "intro.md", "background": "intro/bg.sh", "foreground": "intro/fg.sh"},
                    "steps": [
                      {"text": "step1/text.md", "verify": "step1/verify.sh", "background": "step1/bg.sh"},
                      {"title": "Two", "text": "step2/text.md"}
                    ],
                    "finish": {"title": "Bye", "text": "finish.md", "foreground": "finish/fg.sh"}
                    %s
                  },
                  "backend": {"imageid": "ubuntu"}
                }
                """.formatted(extra));
        write("01-kc/intro.md", "Intro\n");
        write("01-kc/intro/bg.sh", "#!/bin/bash\ntouch /tmp/ready\n");
        write("01-kc/intro/fg.sh", "while [ ! -f /tmp/ready ]; do sleep 1; done\n");
        write("01-kc/step1/text.md", stepText);
        write("01-kc/step1/verify.sh", "#!/bin/bash\ntest -f /tmp/x\n");
        write("01-kc/step1/bg.sh", "echo step1\n");
        write("01-kc/step2/text.md", "Read.\n");
        write("01-kc/finish.md", "Done\n");
        write("01-kc/finish/fg.sh", "echo bye\n");
    }

    private Lesson only(LessonLoader.Loaded loaded) {
        assertThat(loaded.problems()).as("problems").isEmpty();
        return loaded.lessons().get(0).original();
    }

    @Test
    void everyStagesScriptsAreReadInTheOrderALearnerReachesThem() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", "");
        Lesson lesson = only(loader.load(root));
        Scenario scenario = lesson.scenario().orElseThrow();
        assertThat(scenario.stages()).extracting(Scenario.Stage::name).containsExactly("intro", "1", "2", "finish");
        assertThat(scenario.stage("intro").orElseThrow().background()).contains("touch /tmp/ready");
        assertThat(scenario.stage("intro").orElseThrow().foreground()).contains("while [ ! -f /tmp/ready ]");
        assertThat(scenario.upTo("1")).extracting(Scenario.Stage::name).containsExactly("intro", "1");
        assertThat(lesson.scriptStages()).isEqualTo("intro 1 finish");
        assertThat(lesson.introHtml()).startsWith("<h2 class=\"page-title\">Hello</h2>");
        assertThat(lesson.finishHtml()).startsWith("<h2 class=\"page-title\">Bye</h2>");
        assertThat(lesson.steps().get(0).hasTitle()).as("a step without a title or heading is known by its number").isFalse();
        assertThat(lesson.steps().get(1).title()).isEqualTo("Two");
        assertThat(lesson.sandbox()).as("no docker in it: the operator's default").isEmpty();
    }

    @Test
    void aScenarioThatUsesDockerGetsTheDockerSandboxAndDockerlabYmlOverridesEitherWay() throws IOException {
        scenario("Run `docker run hello-world`{{exec}}\n", "");
        assertThat(only(loader.load(root)).sandbox()).contains(SandboxProfile.DOCKER);

        write("01-kc/dockerlab.yml", "sandbox: plain\n");
        assertThat(only(loader.load(root)).sandbox()).contains(SandboxProfile.PLAIN);

        write("01-kc/step1/text.md", "Make it `touch /tmp/x`{{exec}}\n");
        write("01-kc/dockerlab.yml", "sandbox: docker\n");
        assertThat(only(loader.load(root)).sandbox()).contains(SandboxProfile.DOCKER);

        write("01-kc/dockerlab.yml", "sandbox: dockr\nnodes: 2\n");
        assertThat(loader.load(root).problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "01-kc/dockerlab.yml: unknown key nodes (known: sandbox)",
                "01-kc/dockerlab.yml: sandbox must be plain, docker or root (docker: the learner's own Docker engine; root: root"
                        + " in a machine of that engine)");
    }

    @Test
    void dockerInABackgroundScriptAlsoCounts() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", "");
        write("01-kc/intro/bg.sh", "docker run -d --name web nginx\n");
        assertThat(only(loader.load(root)).sandbox()).contains(SandboxProfile.DOCKER);
    }

    @Test
    void assetsGoToTheHomeFolderForTildeAndRootTmpStaysTmpAndTheRestIsALimit() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", """
                , "assets": {"host01": [
                    {"file": "*.sh", "target": "~/bin", "chmod": "+x"},
                    {"file": "data.csv", "target": "/root"},
                    {"file": "data.csv", "target": "/tmp/in"},
                    {"file": "tool", "target": "/usr/local/bin", "chmod": "+x"},
                    {"file": "data.csv", "target": "~", "chmod": "rm -rf /"}
                  ]}
                """);
        write("01-kc/assets/a.sh", "echo a\n");
        write("01-kc/assets/b.sh", "echo b\n");
        write("01-kc/assets/data.csv", "1,2\n");
        write("01-kc/assets/tool", "x\n");
        write("01-kc/dockerlab.yml", "sandbox: plain\n"); // as the learner: no machine, so not everywhere
        LessonLoader.Loaded loaded = loader.load(root);
        Scenario scenario = only(loaded).scenario().orElseThrow();
        assertThat(scenario.assets()).extracting(Scenario.Asset::target, Scenario.Asset::chmod).containsExactly(
                org.assertj.core.groups.Tuple.tuple("~/bin/a.sh", "+x"), org.assertj.core.groups.Tuple.tuple("~/bin/b.sh", "+x"),
                org.assertj.core.groups.Tuple.tuple("~/data.csv", ""), org.assertj.core.groups.Tuple.tuple("/tmp/in/data.csv", ""),
                org.assertj.core.groups.Tuple.tuple("~/data.csv", ""));
        assertThat(loaded.limits()).extracting(Problem::toString).anySatisfy(l -> assertThat(l)
                .startsWith("01-kc/index.json: details.assets.host01[3]: target /usr/local/bin cannot be written here"));
        assertThat(loaded.limits()).extracting(Problem::toString).anySatisfy(l -> assertThat(l)
                .startsWith("01-kc/index.json: details.assets.host01[4]: chmod rm -rf / is not a mode"));
        assertThat(only(loaded).notes()).anySatisfy(n -> assertThat(n).contains("only root may write"));
        assertThat(only(loaded).scriptStages()).isEqualTo("intro 1 finish");
    }

    @Test
    void assetsAreReadTheSameWhenTheLessonsFolderIsGivenAsARelativePath() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", """
                , "assets": {"host01": [
                    {"file": "*.sh", "target": "~/bin", "chmod": "+x"},
                    {"file": "data.csv", "target": "/tmp/in"},
                    {"file": "conf", "target": "~/"}
                  ]}
                """);
        write("01-kc/assets/a.sh", "echo a\n");
        write("01-kc/assets/data.csv", "1,2\n");
        write("01-kc/assets/conf/app.yml", "a: 1\n");
        write("01-kc/dockerlab.yml", "sandbox: plain\n");
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        assertThat(relative.isAbsolute()).isFalse();
        Scenario scenario = only(loader.load(relative)).scenario().orElseThrow();
        assertThat(scenario.assets()).extracting(Scenario.Asset::target).containsExactly("~/bin/a.sh", "/tmp/in/data.csv", "~/conf/app.yml");
    }

    @Test
    void anAssetIndexJsonNamesThatDoesNotExistIsAProblem() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", """
                , "assets": {"host01": [{"file": "missing.sh", "target": "~/"}]}
                """);
        assertThat(loader.load(root).problems()).extracting(Problem::toString)
                .containsExactly("01-kc/index.json: details.assets.host01[0]: no file assets/missing.sh in the scenario");
    }

    @Test
    void theValidatorSaysFileByFileWhatWillNotWorkForALearnerWhoIsNotRoot() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n\n<iframe src=\"https://x.org\"></iframe>\n\nOpen {{TRAFFIC_SELECTOR}}\n", "");
        write("01-kc/dockerlab.yml", "sandbox: plain\n");
        write("01-kc/intro/bg.sh", "#!/bin/bash\napt-get update\napt-get install -y tree\necho hi > /etc/motd\nsystemctl start nginx\n"
                + "mkdir -p /root/work\n");
        write("01-kc/step1/verify.sh", "#!/bin/bash\nsudo test -f /tmp/x\n");
        write("01-kc/index.json", Files.readString(root.resolve("01-kc/index.json")).replace("\"ubuntu\"", "\"kubernetes-kubeadm-2nodes\""));
        LessonLoader.Loaded loaded = loader.load(root);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.limits()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "01-kc/intro/bg.sh:2: installs packages, which needs root: it fails here (the learner is uid 1000 and the image is read-only)",
                "01-kc/intro/bg.sh:4: writes under /etc, /usr, /var or /opt, which are read-only here: only ~ and /tmp can be written",
                "01-kc/intro/bg.sh:5: manages system services: a sandbox has no init system and no root, so it fails here",
                "01-kc/intro/bg.sh:6: uses /root, Killercoda's home folder: here the learner's home is /home/learner (~), and /root cannot be read",
                "01-kc/step1/verify.sh:2: uses sudo: there is no sudo here and the learner is never root",
                "01-kc/step1/text.md:3: <iframe> is shown as text, not rendered (dockerlab renders only formatting tags, never scripts,"
                        + " frames, forms or styles)",
                "01-kc/step1/text.md:5: {{TRAFFIC_SELECTOR}} has no meaning in dockerlab and is shown as it is"
                        + " ({{TRAFFIC_HOST1_<port>}} works: it becomes the learner's /preview/<port>/)",
                "01-kc/index.json: backend kubernetes-kubeadm-2nodes: dockerlab gives one sandbox, no Kubernetes cluster and no"
                        + " second node; steps that use them will not work");
    }

    @Test
    void aScenarioWhoseScriptsOrCommandsNeedRootGetsTheRootSandboxAndDockerlabYmlOverridesIt() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", "");
        write("01-kc/intro/bg.sh", "#!/bin/bash\necho ready > /root/marker\n");
        assertThat(only(loader.load(root)).sandbox()).as("a background script writes /root").contains(SandboxProfile.ROOT);
        assertThat(only(loader.load(root)).asRoot()).isTrue();

        write("01-kc/intro/bg.sh", "#!/bin/bash\ntouch /tmp/ready\n");
        write("01-kc/step1/text.md", "Write it: `echo hi > /etc/greeting`{{exec}}\n");
        assertThat(only(loader.load(root)).sandbox()).as("a step's command writes /etc").contains(SandboxProfile.ROOT);

        write("01-kc/step1/text.md", "A Dockerfile:\n\n```\nRUN mkdir /var/www\n```\n\nThen `touch /tmp/x`{{exec}}\n");
        assertThat(only(loader.load(root)).sandbox()).as("a block that is only shown is not run: no root").isEmpty();

        write("01-kc/step1/text.md", "Make it `touch /tmp/x`{{exec}}\n");
        write("01-kc/dockerlab.yml", "sandbox: root\n");
        assertThat(only(loader.load(root)).sandbox()).as("dockerlab.yml asks for it").contains(SandboxProfile.ROOT);
        write("01-kc/intro/bg.sh", "#!/bin/bash\necho ready > /root/marker\n");
        write("01-kc/dockerlab.yml", "sandbox: docker\n");
        assertThat(only(loader.load(root)).sandbox()).as("dockerlab.yml says no").contains(SandboxProfile.DOCKER);
    }

    @Test
    void aRootScenarioPlacesAssetsAnywhereAndTheValidatorNamesOnlyWhatFailsEvenAsRoot() throws IOException {
        scenario("Make it `touch /tmp/x`{{exec}}\n", """
                , "assets": {"host01": [
                    {"file": "tool", "target": "/usr/local/bin", "chmod": "+x"},
                    {"file": "data.csv", "target": "/root"},
                    {"file": "data.csv", "target": "~/in"}
                  ]}
                """);
        write("01-kc/assets/tool", "x\n");
        write("01-kc/assets/data.csv", "1,2\n");
        write("01-kc/intro/bg.sh", "#!/bin/bash\napt-get update\napt-get install -y tree\necho hi > /etc/motd\nsystemctl start nginx\n"
                + "mkdir -p /root/work\nmodprobe br_netfilter\n");
        LessonLoader.Loaded loaded = loader.load(root);
        Lesson lesson = only(loaded);
        assertThat(lesson.sandbox()).contains(SandboxProfile.ROOT);
        assertThat(lesson.scenario().orElseThrow().assets()).extracting(Scenario.Asset::target).containsExactly(
                "/usr/local/bin/tool", "/root/data.csv", "~/in/data.csv");
        assertThat(loaded.limits()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "01-kc/intro/bg.sh:2: installs packages from the Debian mirror: works only where the sandbox may reach one"
                        + " (dockerlab.sandbox.egress=internet, or a mirror in dockerlab.sandbox.egress-allow), and the machine"
                        + " is Debian 12, so an Ubuntu-only package name fails",
                "01-kc/intro/bg.sh:5: manages system services: the machine has no init system, so it fails (start the program"
                        + " itself, or in a container)",
                "01-kc/intro/bg.sh:7: needs more than root of a container (mounts, kernel modules and settings, the firewall):"
                        + " it fails in the machine");
        assertThat(lesson.notes()).anySatisfy(n -> assertThat(n).contains("root on a machine called ubuntu"));
    }

    @Test
    void aPortsTrafficAddressBecomesTheLearnersPreview() throws IOException {
        scenario("Open [the site]({{TRAFFIC_HOST1_8080}}) after `touch /tmp/x`{{exec}}\n", "");
        assertThat(only(loader.load(root)).steps().get(0).html()).contains("href=\"/preview/8080/\">the site</a>");
    }
}
