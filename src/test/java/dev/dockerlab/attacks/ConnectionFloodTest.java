package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Exclusive;
import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import dev.dockerlab.terminal.TerminalService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Finding 3 of the outside test: one anonymous client opened 2,108 terminal sockets under 17
 * made-up cookies, filled the engine client's connection pool, and for minutes new learners got
 * no answer, readiness hung and closed tabs could not be hung up. The limits here are the
 * profile's small ones; the server's defaults keep the same proportions.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
@Tag(Exclusive.TAG)
class ConnectionFloodTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Inject
    TerminalService terminals;

    @Test
    void socketsUnderMadeUpCookiesAreRefusedAtTheUpgradeAndHoldNothing() throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            cookies.add(Learner.COOKIE + "=" + LearnerId.generate().value());
        }
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String cookie : cookies) {
                for (int j = 0; j < 8; j++) {
                    Map<String, String> address = LimitsProfile.from("10.3.1." + (statuses.size() % 200 + 1));
                    statuses.add(pool.submit(() -> TerminalClient.refusedStatus(base, cookie, origin(), address)));
                }
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).as("upgrade under a made-up cookie").isEqualTo(403);
            }
        }
        assertThat(terminals.openCount()).as("terminals open").isZero();
        for (String cookie : cookies) {
            String hash = new LearnerId(cookie.substring(cookie.indexOf('=') + 1)).hash();
            assertThat(containersOf(hash)).as("from the host: sandboxes of a made-up cookie").isZero();
        }
    }

    @Test
    void oneLearnerHoldsAtMostItsShareOfTerminalsAndClosedOnesAreHungUp() {
        Learner learner = Learner.arrive(base);
        Map<String, String> address = LimitsProfile.from("10.3.2.1");
        List<TerminalClient> tabs = new ArrayList<>();
        try {
            for (int i = 0; i < LimitsProfile.MAX_PER_LEARNER; i++) {
                TerminalClient tab = open(learner, address);
                tab.awaitText("\"ready\"", Duration.ofSeconds(60));
                tabs.add(tab);
            }
            TerminalClient oneTooMany = open(learner, address);
            assertThat(oneTooMany.awaitClose(Duration.ofSeconds(30))).as("close code of one tab too many").isEqualTo(4001);
            assertThat(oneTooMany.awaitText("terminals open", Duration.ofSeconds(5))).contains("Close a tab");

            String sandbox = sandboxes.find(learner.id()).orElseThrow().containerId();
            assertThat(InContainer.attachedClients(HostDocker.client(), sandbox)).as("from the host: attaches and PID files")
                    .isEqualTo(LimitsProfile.MAX_PER_LEARNER + "\n" + LimitsProfile.MAX_PER_LEARNER);

            tabs.forEach(TerminalClient::close);
            tabs.clear();
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    InContainer.attachedClients(HostDocker.client(), sandbox)).as("from the host: closed tabs hung up").isEqualTo("0\n0"));
            // the place of a closed tab is free again
            try (TerminalClient again = open(learner, address)) {
                again.awaitText("\"ready\"", Duration.ofSeconds(60));
            }
        } finally {
            tabs.forEach(TerminalClient::abort);
            sandboxes.reset(learner.id());
        }
    }

    @Test
    void aCrowdCannotOpenMoreThanTheServersTerminalsAndShortCallsStillAnswer() {
        List<Learner> crowd = new ArrayList<>();
        List<TerminalClient> tabs = new ArrayList<>();
        try {
            // learners from their own addresses, each with all the tabs they may have, up to the server's limit
            while (tabs.size() < LimitsProfile.MAX_OPEN) {
                Learner learner = Learner.arrive(base);
                crowd.add(learner);
                Map<String, String> address = LimitsProfile.from("10.3.3." + crowd.size());
                for (int i = 0; i < LimitsProfile.MAX_PER_LEARNER && tabs.size() < LimitsProfile.MAX_OPEN; i++) {
                    TerminalClient tab = open(learner, address);
                    tab.awaitText("\"ready\"", Duration.ofSeconds(60));
                    tabs.add(tab);
                }
            }
            Learner latecomer = Learner.arrive(base);
            TerminalClient refused = open(latecomer, LimitsProfile.from("10.3.3.200"));
            assertThat(refused.awaitClose(Duration.ofSeconds(30))).as("close code when the server is full").isEqualTo(4001);
            assertThat(refused.awaitText("as many terminals open as it can hold", Duration.ofSeconds(5))).isNotEmpty();
            assertThat(containersOf(latecomer.id().hash())).as("from the host: no sandbox for the refused one").isZero();

            // with every terminal stream taken, what needs a short call to the engine still answers
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().get("/").then().statusCode(200);
            Learner first = crowd.get(0);
            given().cookie(Learner.COOKIE, first.cookieValue()).get("/api/sandbox/facts").then().statusCode(200);

            tabs.forEach(TerminalClient::close);
            tabs.clear();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> terminals.openCount() == 0);
            for (Learner learner : crowd) {
                String sandbox = sandboxes.find(learner.id()).orElseThrow().containerId();
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        InContainer.attachedClients(HostDocker.client(), sandbox)).as("from the host: closed tabs hung up")
                        .isEqualTo("0\n0"));
            }
            // and once they are closed, the latecomer gets in
            try (TerminalClient admitted = open(latecomer, LimitsProfile.from("10.3.3.200"))) {
                admitted.awaitText("\"ready\"", Duration.ofSeconds(60));
            }
            crowd.add(latecomer);
        } finally {
            tabs.forEach(TerminalClient::abort);
            crowd.forEach(l -> sandboxes.reset(l.id()));
        }
    }

    @Test
    void oneAddressGetsSoManyNewSandboxesAndUpgradesPerMinute() throws Exception {
        Map<String, String> address = LimitsProfile.from("10.3.4.1");
        List<Learner> learners = new ArrayList<>();
        for (int i = 0; i < LimitsProfile.NEW_SANDBOXES_PER_MINUTE + 3; i++) {
            learners.add(Learner.arrive(base));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // new learners from one address, all at once: some get a sandbox, the rest are told why not
            List<Future<Integer>> closes = new ArrayList<>();
            for (Learner learner : learners) {
                closes.add(pool.submit(() -> {
                    try (TerminalClient tab = open(learner, address)) {
                        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> tab.isClosed()
                                || tab.textMessages().stream().anyMatch(t -> t.contains("\"ready\"")));
                        return tab.isClosed() ? tab.awaitClose(Duration.ofSeconds(1)) : 0;
                    }
                }));
            }
            List<Learner> refused = new ArrayList<>();
            for (int i = 0; i < learners.size(); i++) {
                int code = closes.get(i).get();
                assertThat(code).as("a terminal is ready (0) or closed as over the limit").isIn(0, 4001);
                if (code == 4001) {
                    refused.add(learners.get(i));
                }
            }
            assertThat(refused).as("learners refused a new sandbox").isNotEmpty();
            for (Learner learner : refused) {
                assertThat(containersOf(learner.id().hash())).as("from the host: no sandbox made for a refused one").isZero();
            }
            // from another address the refused learner gets one
            try (TerminalClient elsewhere = open(refused.get(0), LimitsProfile.from("10.3.4.2"))) {
                elsewhere.awaitText("\"ready\"", Duration.ofSeconds(60));
            }

            // upgrades from one address, all at once: beyond the limit they are answered 429 before any socket exists
            Map<String, String> burst = LimitsProfile.from("10.3.4.3");
            Learner learner = learners.get(0);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 3 * LimitsProfile.UPGRADES_PER_MINUTE; i++) {
                statuses.add(pool.submit(() -> TerminalClient.refusedStatus(base, learner.cookie(), origin(), burst)));
            }
            int upgraded = 0;
            int tooMany = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                assertThat(code).isIn(101, 429);
                upgraded += code == 101 ? 1 : 0;
                tooMany += code == 429 ? 1 : 0;
            }
            assertThat(tooMany).as("upgrades answered 429 (%d upgraded)", upgraded).isPositive();
        } finally {
            learners.forEach(l -> sandboxes.reset(l.id()));
        }
    }

    private TerminalClient open(Learner learner, Map<String, String> address) {
        return TerminalClient.open(base, learner.cookie(), origin(), "", address);
    }

    private String origin() {
        return "http://" + base.getAuthority();
    }

    private int containersOf(String learnerHash) {
        return HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.learner", learnerHash)).exec().size();
    }
}
