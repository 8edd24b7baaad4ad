package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.NotFoundException;

import dev.dockerlab.sandbox.Sandbox;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class TerminalSocketTest {

    private static final String PROMPT = "learner@sandbox";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    TerminalService terminals;

    private final List<Learner> learners = new ArrayList<>();
    private final List<TerminalClient> clients = new ArrayList<>();

    private Learner newLearner() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        return learner;
    }

    private TerminalClient connect(Learner learner) {
        return connect(learner, "");
    }

    private TerminalClient connect(Learner learner, String query) {
        TerminalClient client = TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(), query);
        clients.add(client);
        return client;
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(TerminalClient::close);
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    @Test
    void keystrokesReachTheShellAndItsOutputComesBack() {
        TerminalClient terminal = connect(newLearner());
        terminal.awaitText("\"type\":\"ready\"", Duration.ofSeconds(20));
        terminal.await(PROMPT);
        assertThat(terminal.run("echo $((6*7))")).isEqualTo("42");
        assertThat(terminal.run("id -u; id -un")).isEqualTo("1000\nlearner");
    }

    @Test
    void initialSizeAndResizeAreWhatSttySees() {
        TerminalClient terminal = connect(newLearner(), "cols=100&rows=30");
        terminal.await(PROMPT);
        assertThat(terminal.run("stty size")).isEqualTo("30 100");
        terminal.resize(132, 43);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(terminal.run("stty size")).isEqualTo("43 132"));
    }

    @Test
    void absurdSizesAreClamped() {
        TerminalClient terminal = connect(newLearner(), "cols=999999&rows=abc");
        terminal.await(PROMPT);
        assertThat(terminal.run("stty size")).isEqualTo("24 500");
        terminal.resize(-4, 100000);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(terminal.run("stty size")).isEqualTo("200 10"));
    }

    @Test
    void twoLearnersHaveSeparateSandboxesAndSeeNothingOfEachOther() {
        Learner alice = newLearner();
        Learner bob = newLearner();
        TerminalClient a = connect(alice);
        TerminalClient b = connect(bob);
        a.await(PROMPT);
        b.await(PROMPT);
        a.run("echo alice-secret-7f3 > ~/diary.txt");
        assertThat(b.run("cat ~/diary.txt 2>&1; ls /home/learner | wc -l")).contains("No such file").endsWith("0");
        assertThat(b.output()).doesNotContain("alice-secret-7f3");
        assertThat(sandboxes.find(alice.id()).orElseThrow().containerId())
                .isNotEqualTo(sandboxes.find(bob.id()).orElseThrow().containerId());
    }

    @Test
    void upgradesWithoutCookieOrFromAnotherOriginAreRefusedWith403() {
        Learner learner = newLearner();
        String own = "http://" + base.getAuthority();
        assertThat(TerminalClient.refusedStatus(base, learner.cookie(), "http://evil.example")).as("hostile origin").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, learner.cookie(), "null")).as("null origin").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, learner.cookie(), null)).as("missing origin").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, learner.cookie(), "http://localhost.evil.example:" + base.getPort()))
                .as("look-alike origin").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, learner.cookie(), own + ".evil.example")).as("suffixed origin").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, null, own)).as("no cookie").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, "dockerlab_learner=forged", own)).as("malformed cookie").isEqualTo(403);
        assertThat(sandboxes.find(learner.id())).as("a refused upgrade creates no sandbox").isEmpty();
    }

    @Test
    void malformedControlFramesAreAnsweredAndTheSessionGoesOn() {
        TerminalClient terminal = connect(newLearner());
        terminal.await(PROMPT);
        terminal.sendText("this is not json");
        terminal.sendText("{\"type\":\"teleport\"}");
        terminal.sendText("{\"type\":\"resize\",\"cols\":\"wide\"}");
        terminal.sendText("{\"type\":\"ack\",\"bytes\":-5}");
        terminal.sendText("[1,2,3]");
        terminal.awaitText("Unknown control message type \\\\\"teleport\\\\\"", Duration.ofSeconds(5));
        terminal.awaitText("resize needs numbers", Duration.ofSeconds(5));
        assertThat(terminal.textMessages().stream().filter(t -> t.contains("\"error\"")).count()).isEqualTo(5);
        assertThat(terminal.run("echo still-here")).isEqualTo("still-here");
        assertThat(terminal.isClosed()).isFalse();
    }

    @Test
    void aFloodStopsAtTheWindowWhileTheBrowserIsBehindAndCtrlCStillWorks() throws Exception {
        TerminalClient terminal = connect(newLearner());
        terminal.await(PROMPT);
        terminal.pauseAcks();
        terminal.type("yes flood-of-output\r");
        Thread.sleep(2000);
        long stalled = terminal.receivedBytes();
        Thread.sleep(1000);
        // Nothing more arrives without acks: the window, plus frames already in flight, is all there is.
        assertThat(terminal.receivedBytes()).isEqualTo(stalled).isLessThan(256 * 1024);
        terminal.type("\u0003");
        terminal.resumeAcks();
        terminal.clearOutput();
        assertThat(terminal.run("pgrep -x yes || echo none")).isEqualTo("none");
        assertThat(terminals.unackedBytes()).isLessThan(256 * 1024);
    }

    @Test
    void reconnectingReturnsToTheSameShellAndScreen() {
        Learner learner = newLearner();
        TerminalClient first = connect(learner);
        first.await(PROMPT);
        first.type("export MARK=kept-42; cd /tmp; echo visible-before-refresh\r");
        first.await("visible-before-refresh\\r\\n.*visible-before-refresh");
        first.abort();

        TerminalClient second = connect(learner);
        // the shell keeper replays the screen as it was
        second.await("visible-before-refresh");
        assertThat(second.run("echo $MARK $PWD")).isEqualTo("kept-42 /tmp");
    }

    @Test
    void everyLineOfABurstReachesTheBrowserInOrder() {
        TerminalClient terminal = connect(newLearner());
        terminal.await(PROMPT);
        terminal.type("seq 1 20000; echo burst-$((6*7))\r");
        terminal.await("burst-42", Duration.ofSeconds(30));
        // no terminal emulator sits between the shell and the browser to skip lines that scrolled past
        assertThat(numbersBefore(terminal.output(), "burst-42")).isEqualTo(20000);
    }

    @Test
    void aReconnectReplaysTheScrollbackNotJustTheScreen() {
        Learner learner = newLearner();
        TerminalClient first = connect(learner);
        first.await(PROMPT);
        first.type("seq 1 3000; echo scrolled-$((6*7))\r");
        first.await("scrolled-42");
        first.abort();

        TerminalClient second = connect(learner);
        second.await("scrolled-42");
        assertThat(numbersBefore(second.output(), "scrolled-42")).as("all 3,000 lines, far more than one screen")
                .isEqualTo(3000);
        assertThat(second.output()).contains("\u001B]7777;replayed\u0007");
        assertThat(second.run("echo after-replay")).isEqualTo("after-replay");
    }

    @Test
    void aFullScreenProgramGetsItsScreenBackAfterAReconnect() {
        Learner learner = newLearner();
        TerminalClient first = connect(learner);
        first.await(PROMPT);
        first.type("vim -u NONE -N ~/notes.txt\r");
        first.await("notes.txt");
        first.type("ikept-in-vim\u001b");
        first.await("kept-in-vim");
        first.abort();

        TerminalClient second = connect(learner);
        second.awaitText("\"type\":\"ready\"", Duration.ofSeconds(20));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second.output().contains("7777;replayed"));
        String raw = second.output();
        assertThat(raw.substring(0, raw.indexOf("\u001B]7777;replayed")))
                .as("the replay ends on vim's alternate screen").endsWith("\u001B[?1049h");
        // made to repaint (a size change), vim draws its whole screen again after the replay
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            String all = second.output();
            return all.indexOf("kept-in-vim", all.indexOf("\u001B]7777;replayed")) > 0;
        });
        second.clearOutput();
        second.type(":q!\r");
        second.await(PROMPT); // vim would swallow keystrokes typed before it has gone
        assertThat(second.run("echo back-at-the-prompt")).isEqualTo("back-at-the-prompt");
    }

    @Test
    void twoTabsOfOneLearnerShowTheSameShell() {
        Learner learner = newLearner();
        TerminalClient one = connect(learner);
        one.await(PROMPT);
        TerminalClient two = connect(learner);
        two.await(PROMPT);
        one.type("echo typed-in-one-$((6*7))\r");
        two.await("typed-in-one-42");
        assertThat(two.run("echo $$")).isEqualTo(one.run("echo $$"));
    }

    /** How many consecutive lines 1, 2, 3... end just before the marker line. */
    private static int numbersBefore(String output, String marker) {
        // bash turns bracketed paste off before the command runs: that sequence precedes the "1"
        String text = output.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        String[] lines = text.substring(0, text.lastIndexOf("\n" + marker)).split("\n");
        int n = 0;
        for (int i = lines.length - 1; i >= 0 && lines[i].matches("\\d+"); i--) {
            n++;
        }
        for (int k = 0; k < n; k++) {
            assertThat(lines[lines.length - n + k]).isEqualTo(String.valueOf(k + 1));
        }
        return n;
    }

    @Test
    void closedTabsLeaveNoShellClientsBehind() {
        Learner learner = newLearner();
        for (int i = 0; i < 3; i++) {
            TerminalClient tab = connect(learner);
            tab.await(PROMPT);
            tab.close();
        }
        TerminalClient last = connect(learner);
        last.await(PROMPT);
        Sandbox sandbox = sandboxes.find(learner.id()).orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                InContainer.attachedClients(HostDocker.client(), sandbox.containerId()))
                .as("one attach and one PID file: the open tab's").isEqualTo("1\n1"));
    }

    @Test
    void exitingTheShellSaysSoAndClosesNormally() {
        Learner learner = newLearner();
        TerminalClient terminal = connect(learner);
        terminal.await(PROMPT);
        terminal.type("exit 3\r");
        terminal.awaitText("\"type\":\"exit\"", Duration.ofSeconds(10));
        assertThat(terminal.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
        TerminalClient again = connect(learner);
        again.await(PROMPT);
        assertThat(again.run("echo new-shell")).isEqualTo("new-shell");
    }

    @Test
    void resetThrowsTheSandboxAwayAndTheTerminalIsToldTo4003() {
        Learner learner = newLearner();
        TerminalClient terminal = connect(learner);
        terminal.await(PROMPT);
        terminal.run("touch ~/old-file");
        String before = sandboxes.find(learner.id()).orElseThrow().containerId();

        RestAssured.given().cookie("dockerlab_learner", learner.cookieValue())
                .header("Origin", "http://" + base.getAuthority())
                .post("/api/sandbox/reset").then().statusCode(200);

        assertThat(terminal.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCodes.SANDBOX_RESET);
        assertThat(terminal.textMessages()).anyMatch(t -> t.contains("reset"));
        assertThatContainerIsGone(before);

        TerminalClient fresh = connect(learner);
        fresh.await(PROMPT);
        assertThat(fresh.run("ls ~ | wc -l")).isEqualTo("0");
        assertThat(sandboxes.find(learner.id()).orElseThrow().containerId()).isNotEqualTo(before);
    }

    @Test
    void aSandboxRemovedBehindTheServersBackEndsTheTerminalWithAReasonAndANewOneWorks() {
        Learner learner = newLearner();
        TerminalClient terminal = connect(learner);
        terminal.await(PROMPT);
        String id = sandboxes.find(learner.id()).orElseThrow().containerId();
        HostDocker.client().removeContainerCmd(id).withForce(true).exec();

        assertThat(terminal.awaitClose(Duration.ofSeconds(15))).isEqualTo(CloseCodes.SANDBOX_ENDED);
        assertThat(terminal.textMessages()).anyMatch(t -> t.contains("\"error\"") && t.contains("removed"));

        TerminalClient next = connect(learner);
        next.await(PROMPT);
        assertThat(next.run("echo back")).isEqualTo("back");
    }

    private void assertThatContainerIsGone(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                HostDocker.client().inspectContainerCmd(id).exec();
                return false;
            } catch (NotFoundException e) {
                return true;
            }
        });
    }
}
