package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.classroom.Instructor;
import dev.dockerlab.classroom.Workshop;
import dev.dockerlab.classroom.Workshops;
import dev.dockerlab.learner.LearnerCookies;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Shadowing and the presenter broadcast, against the real engine with real WebSocket clients:
 * an instructor views a learner's terminal read-only and types only once handed the keyboard;
 * the instructor's own terminal reaches the workshop's learners and nobody else's; every
 * classroom socket refuses, in its upgrade, whoever it is not for.
 */
@QuarkusTest
class ClassroomLiveTest {

    static final String TOKEN = "test-instructor-token-0123456789";
    private static final String PROMPT = "learner@sandbox";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    Broadcasts broadcasts;

    @Inject
    TerminalService terminals;

    @Inject
    Workshops workshops;

    @Inject
    LessonCatalog lessons;

    /** Each join from an address of its own: the join limit per address is not what these tests are about. */
    private static final AtomicInteger JOINS = new AtomicInteger();

    private final List<Learner> learners = new ArrayList<>();
    private final List<TerminalClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(TerminalClient::close);
        learners.forEach(l -> sandboxes.reset(l.id()));
    }

    private String origin() {
        return "http://" + base.getAuthority();
    }

    private Learner newLearner() {
        Learner learner = Learner.arrive(base);
        learners.add(learner);
        return learner;
    }

    /** A workshop made by the instructor (the configured token's): its id and join code. */
    private String[] workshop(String name) {
        Workshop made = workshops.create(Instructor.TOKEN, name, List.of(lessons.all().get(0).slug()), null, null);
        return new String[] {made.id(), made.code()};
    }

    /** A new learner who joined the workshop of this code. */
    private Learner member(String code, String name) {
        Learner learner = newLearner();
        workshops.join(learner.id(), "192.0.2." + JOINS.incrementAndGet() % 250, code, name, "en");
        return learner;
    }

    private TerminalClient own(Learner learner, String query) {
        TerminalClient client = TerminalClient.open(base, learner.cookie(), origin(), query);
        clients.add(client);
        return client;
    }

    private TerminalClient shadow(String workshopId, Learner learner) {
        TerminalClient client = TerminalClient.openPath(base, "/workshops/" + workshopId + "/shadow/" + learner.id().hash(),
                null, Map.of("Authorization", "Bearer " + TOKEN));
        clients.add(client);
        return client;
    }

    private TerminalClient present(String workshopId, Learner instructorBrowser) {
        TerminalClient client = TerminalClient.openPath(base, "/workshops/" + workshopId + "/present?cols=100&rows=30",
                instructorBrowser.cookie(), Map.of("Authorization", "Bearer " + TOKEN));
        clients.add(client);
        return client;
    }

    private TerminalClient presenter(String workshopId, Learner learner) {
        TerminalClient client = TerminalClient.openPath(base, "/workshops/" + workshopId + "/presenter", learner.cookie(),
                Map.of());
        clients.add(client);
        return client;
    }

    private static void typeAndWaitForShell(TerminalClient learner, String marker) {
        assertThat(learner.run("echo " + marker)).isEqualTo(marker);
    }

    @Test
    void aViewerSeesTheLearnersScreenAndOutputLiveAndCannotType() {
        String[] ws = workshop("shadow basics");
        Learner alice = member(ws[1], "Alice");
        TerminalClient mine = own(alice, "cols=100&rows=30");
        mine.await(PROMPT);
        mine.run("echo before-view-$((3*3))");

        TerminalClient view = shadow(ws[0], alice);
        assertThat(view.awaitText("\"type\":\"ready\"", WAIT)).as("the viewer draws at the learner's size")
                .contains("\"cols\":100").contains("\"rows\":30");
        view.await("before-view-9"); // the current screen, replayed by the keeper
        mine.run("echo live-$((6*7))");
        view.await("live-42");

        view.type("echo typed-by-viewer-$((1+1))\r");
        view.awaitText("read-only", WAIT);
        typeAndWaitForShell(mine, "after-viewer-typed");
        assertThat(mine.output()).as("the viewer's keys never reached the shell").doesNotContain("typed-by-viewer");
    }

    /**
     * The keeper hands the shell's output to every attach before it reads more: a viewer's stream
     * that waited for a browser which stopped reading would stop the learner's own terminal until
     * the keeper dropped the viewer, a minute later.
     */
    @Test
    void aViewerThatStopsReadingNeverHoldsTheLearnersShellAndSeesTheScreenOnceItCatchesUp() {
        String[] ws = workshop("stalled viewer");
        Learner gina = member(ws[1], "Gina");
        TerminalClient mine = own(gina, "cols=100&rows=30");
        mine.await(PROMPT);
        TerminalClient view = shadow(ws[0], gina);
        view.awaitText("\"type\":\"ready\"", WAIT);
        view.pauseAcks();

        // about 7 MiB of output: far past one window for the viewer, which acknowledges nothing, and past
        // what the pipes and the engine between the keeper and the server hold (about 1.4 MiB here)
        mine.type("seq 1 1000000; echo flood-$((2+3))-done\r");
        mine.await("1000000\\r?\\nflood-5-done", Duration.ofSeconds(30));
        assertThat(view.receivedBytes()).as("the stalled viewer got at most about one window")
                .isLessThan(2L * 131072);
        assertThat(view.isClosed()).as("the stalled viewer is skipped, not dropped").isFalse();

        view.resumeAcks();
        view.await("flood-5-done", Duration.ofSeconds(30));
        mine.run("echo after-$((4*4))");
        view.await("after-16");
    }

    @Test
    void theLearnerSeesTheNoticeWhileViewedAndItGoesAfter() {
        String[] ws = workshop("notice");
        Learner bob = member(ws[1], "Bob");
        TerminalClient mine = own(bob, "");
        mine.await(PROMPT);
        TerminalClient view = shadow(ws[0], bob);
        view.awaitText("\"type\":\"ready\"", WAIT);
        mine.awaitText("\"type\":\"watch\",\"viewers\":1", WAIT);
        assertThat(terminals.viewersOf(bob.id())).isEqualTo(1);

        // a second tab of the learner's opened while viewed hears it at once
        TerminalClient second = own(bob, "");
        second.awaitText("\"type\":\"watch\",\"viewers\":1", WAIT);

        view.close();
        mine.awaitText("\"type\":\"watch\",\"viewers\":0", WAIT);
        Awaitility.await().atMost(WAIT).until(() -> terminals.viewersOf(bob.id()) == 0);
    }

    @Test
    void theInstructorTypesOnlyAfterTheLearnerAcceptsAndStopsTheMomentTheyTakeItBack() {
        String[] ws = workshop("keyboard");
        Learner carol = member(ws[1], "Carol");
        TerminalClient mine = own(carol, "");
        mine.await(PROMPT);
        TerminalClient view = shadow(ws[0], carol);
        view.awaitText("\"type\":\"ready\"", WAIT);
        view.await(PROMPT);

        view.sendText("{\"type\":\"keyboard-request\"}");
        mine.awaitText("\"keyboard\":\"asked\"", WAIT);
        view.awaitText("\"state\":\"asked\"", WAIT);
        view.type("echo too-early-$((4+4))\r");
        typeAndWaitForShell(mine, "still-mine");
        assertThat(mine.output()).as("keys before the learner accepted").doesNotContain("too-early");

        mine.sendText("{\"type\":\"keyboard-accept\"}");
        view.awaitText("\"state\":\"granted\"", WAIT);
        mine.awaitText("\"keyboard\":\"instructor\"", WAIT);
        view.type("echo by-instructor-$((2*3))\r");
        mine.await("by-instructor-6");

        mine.sendText("{\"type\":\"keyboard-take-back\"}");
        view.awaitText("\"state\":\"taken-back\"", WAIT);
        view.type("echo after-take-back-$((9+1))\r");
        typeAndWaitForShell(mine, "mine-again");
        assertThat(mine.output()).as("keys after the learner took the keyboard back").doesNotContain("after-take-back-10");
    }

    @Test
    void aDeclinedRequestLeavesTheViewReadOnly() {
        String[] ws = workshop("decline");
        Learner dan = member(ws[1], "Dan");
        TerminalClient mine = own(dan, "");
        mine.await(PROMPT);
        TerminalClient view = shadow(ws[0], dan);
        view.await(PROMPT);
        view.sendText("{\"type\":\"keyboard-request\"}");
        mine.awaitText("\"keyboard\":\"asked\"", WAIT);
        mine.sendText("{\"type\":\"keyboard-decline\"}");
        view.awaitText("\"state\":\"declined\"", WAIT);
        view.type("echo declined-$((7*7))\r");
        typeAndWaitForShell(mine, "not-yours");
        assertThat(mine.output()).doesNotContain("declined-49");
    }

    @Test
    void aViewerNeverResizesTheLearnersTerminal() {
        String[] ws = workshop("sizes");
        Learner erin = member(ws[1], "Erin");
        TerminalClient mine = own(erin, "cols=100&rows=30");
        mine.await(PROMPT);
        TerminalClient view = shadow(ws[0], erin);
        view.await(PROMPT);
        view.resize(40, 10);
        mine.resize(120, 40);
        view.awaitText("\"type\":\"size\",\"cols\":120,\"rows\":40", WAIT);
        view.resize(50, 12);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(mine.run("stty size")).isEqualTo("40 120"));
    }

    @Test
    void theBroadcastReachesEveryLearnerOfTheWorkshopAndALateJoinerGetsTheScreen() {
        String[] ws = workshop("broadcast");
        String[] other = workshop("another room");
        Learner instructorBrowser = newLearner();
        List<Learner> members = List.of(member(ws[1], "Ann"), member(ws[1], "Ben"), member(ws[1], "Cho"));
        Learner outsider = member(other[1], "Dee");

        List<TerminalClient> panes = members.stream().map(l -> presenter(ws[0], l)).toList();
        panes.forEach(p -> p.awaitText("\"type\":\"presenter\",\"live\":false", WAIT));

        TerminalClient mine = present(ws[0], instructorBrowser);
        mine.await(PROMPT);
        panes.forEach(p -> p.awaitText("\"type\":\"presenter\",\"live\":true", WAIT));
        mine.run("echo broadcast-$((5*5))");
        panes.forEach(p -> p.await("broadcast-25"));
        panes.forEach(p -> p.awaitText("\"type\":\"size\",\"cols\":100,\"rows\":30", WAIT));

        mine.sendText("{\"type\":\"position\",\"lesson\":\"docker-basics\",\"step\":2}");
        panes.forEach(p -> p.awaitText("\"type\":\"position\",\"lesson\":\"docker-basics\",\"step\":2", WAIT));

        // a learner who opens the pane now gets the screen and the position
        TerminalClient late = presenter(ws[0], members.get(0));
        late.await("broadcast-25");
        late.awaitText("\"step\":2", WAIT);

        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/" + ws[0] + "/presenter", outsider.cookie(), origin(),
                Map.of())).as("a learner of another workshop on this broadcast").isEqualTo(403);
        assertThat(broadcasts.viewers(ws[0])).isEqualTo(4);

        // a pane takes no keystrokes and no positions
        panes.get(1).type("echo from-a-pane\r");
        panes.get(1).sendText("{\"type\":\"position\",\"lesson\":\"x\",\"step\":1}");
        panes.get(1).awaitText("read-only", WAIT);
        typeAndWaitForShell(mine, "instructor-only");
        assertThat(mine.output()).doesNotContain("from-a-pane");
    }

    @Test
    void aViewerThatStopsReadingIsSkippedAndNeverSlowsThePresenter() {
        String[] ws = workshop("slow viewer");
        Learner instructorBrowser = newLearner();
        Learner slow = member(ws[1], "Slow");
        Learner quick = member(ws[1], "Quick");
        TerminalClient stalled = presenter(ws[0], slow);
        stalled.awaitText("\"type\":\"ready\"", WAIT);
        stalled.pauseAcks();
        TerminalClient fine = presenter(ws[0], quick);
        TerminalClient mine = present(ws[0], instructorBrowser);
        mine.await(PROMPT);

        // a few MiB of output: far past one window for the viewer that acknowledges nothing
        mine.type("seq 1 200000; echo flood-$((1+1))-done\r");
        mine.await("200000\\r?\\nflood-2-done", Duration.ofSeconds(60));
        fine.await("flood-2-done", Duration.ofSeconds(30));
        assertThat(broadcasts.droppedBytes(ws[0])).as("bytes skipped for the stalled viewer").isPositive();
        assertThat(stalled.receivedBytes()).as("the stalled viewer got at most about one window")
                .isLessThan(2L * 131072 + Broadcasts.TAIL_BYTES);

        // once it has caught up, it is shown the current screen again
        stalled.resumeAcks();
        stalled.await("flood-2-done", Duration.ofSeconds(30));
    }

    @Test
    void everyClassroomSocketRefusesWhoeverItIsNotForInTheUpgrade() {
        String[] ws = workshop("walls");
        String[] other = workshop("other walls");
        Learner inside = member(ws[1], "In");
        Learner elsewhere = member(other[1], "Out");
        own(inside, "").await(PROMPT);
        own(elsewhere, "").await(PROMPT);
        String shadowPath = "/workshops/" + ws[0] + "/shadow/" + inside.id().hash();

        assertThat(TerminalClient.refusedStatusAt(base, shadowPath, inside.cookie(), origin(), Map.of()))
                .as("a learner's cookie on the shadow socket").isEqualTo(401);
        assertThat(TerminalClient.refusedStatusAt(base, shadowPath, null, origin(),
                Map.of("Authorization", "Bearer forged-" + TOKEN))).as("a forged token").isEqualTo(403);
        assertThat(TerminalClient.refusedStatusAt(base, shadowPath, null, origin(),
                Map.of("Cookie", "dockerlab_instructor=made-up"))).as("a made-up instructor cookie").isEqualTo(403);
        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/" + ws[0] + "/shadow/" + elsewhere.id().hash(), null,
                origin(), Map.of("Authorization", "Bearer " + TOKEN))).as("a learner of another workshop").isEqualTo(403);
        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/nosuchworkshop/shadow/" + inside.id().hash(), null,
                origin(), Map.of("Authorization", "Bearer " + TOKEN))).as("a workshop that does not exist").isEqualTo(403);
        assertThat(TerminalClient.refusedStatusAt(base, shadowPath, null, "http://evil.example",
                Map.of("Authorization", "Bearer " + TOKEN))).as("the right token from another origin").isEqualTo(403);

        String present = "/workshops/" + ws[0] + "/present";
        assertThat(TerminalClient.refusedStatusAt(base, present, inside.cookie(), origin(), Map.of()))
                .as("a learner's cookie on the present socket").isEqualTo(401);

        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/" + other[0] + "/presenter", inside.cookie(), origin(),
                Map.of())).as("a learner of workshop A on workshop B's broadcast").isEqualTo(403);
        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/" + ws[0] + "/presenter", null, origin(), Map.of()))
                .as("no learner cookie").isEqualTo(403);
        assertThat(terminals.viewersOf(inside.id())).as("no refused viewer was ever attached").isZero();
    }

    /**
     * The instructor's own terminal is their browser's sandbox: without a learner cookie the
     * upgrade itself is 403, and the refusal hands out no new learner (a page would; an upgrade
     * never does, or it would be decided as that brand-new learner's).
     */
    @Test
    void thePresentSocketRefusesAnInstructorWithoutALearnerCookieInTheUpgrade() {
        String[] ws = workshop("no own sandbox");
        String present = "/workshops/" + ws[0] + "/present";
        HttpResponse<?> refused = TerminalClient.refusalAt(base, present, null, origin(), Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(refused).as("the upgrade of an instructor without a browser's own sandbox was permitted").isNotNull();
        assertThat(refused.statusCode()).as("an instructor without a browser's own sandbox").isEqualTo(403);
        assertThat(refused.headers().allValues("Set-Cookie")).as("cookies handed out by the refused upgrade")
                .noneMatch(LearnerCookies::isLearnerCookie);

        assertThat(TerminalClient.refusedStatusAt(base, present, null, origin(), Map.of()))
                .as("no credentials and no cookie on the present socket").isEqualTo(401);
        assertThat(TerminalClient.refusedStatusAt(base, "/workshops/" + ws[0] + "/shadow/0123456789abcdef", null, origin(),
                Map.of())).as("no credentials and no cookie on the shadow socket").isEqualTo(401);
        HttpResponse<?> pane = TerminalClient.refusalAt(base, "/workshops/" + ws[0] + "/presenter", null, origin(), Map.of());
        assertThat(pane).as("the presenter upgrade without a learner cookie was permitted").isNotNull();
        assertThat(pane.headers().allValues("Set-Cookie")).as("cookies handed out by the refused presenter upgrade")
                .noneMatch(LearnerCookies::isLearnerCookie);
    }
}
