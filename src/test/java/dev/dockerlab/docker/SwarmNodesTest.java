package dev.dockerlab.docker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dockerlab.sandbox.NodeGroups;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A lesson with {@code nodes: 3} as a learner meets it (docs/swarm.md): three terminals, one per
 * node, a swarm initialised and joined through them, a replicated service spread over the nodes
 * and reached, overlay networking across nodes, a node stopped and its tasks moved; and another
 * learner who cannot reach any of it. Against the real engine; one learner for the class, each
 * test going on where the last left off.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmNodesTest {

    private static final Duration SLOW = Duration.ofSeconds(120);
    private static final String LESSON = "three-nodes";

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;
    private final List<TerminalClient> nodes = new ArrayList<>();
    private Learner other;
    private TerminalClient otherTerminal;

    private TerminalClient node(int k) {
        if (nodes.isEmpty()) {
            learner = Learner.arrive(base);
            for (int i = 1; i <= 3; i++) {
                nodes.add(TerminalClient.open(base, learner.cookie(), "http://" + base.getAuthority(),
                        "lesson=" + LESSON + "&node=" + i));
            }
            for (int i = 1; i <= 3; i++) {
                nodes.get(i - 1).await("learner@node" + i, SLOW);
            }
        }
        return nodes.get(k - 1);
    }

    /** Node k's address on the network of the learner's nodes (eth1). */
    private String groupAddress(int k) {
        return node(k).run("ip -4 -o addr show eth1 | awk '{print $4}' | cut -d/ -f1");
    }

    @AfterAll
    void cleanUp() {
        nodes.forEach(TerminalClient::close);
        if (otherTerminal != null) {
            otherTerminal.close();
        }
        if (learner != null) {
            assertThat(sandboxes.reset(learner.id())).as("the learner's sandbox was live until the reset").isTrue();
            // at once as a rule; a node whose kill the engine reports late is set aside and the
            // reaper's sweep (every reap-interval) takes it
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(HostDocker.client().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("dockerlab.learner", learner.id().hash(), "dockerlab.role", NodeGroups.ROLE_NODE)).exec())
                        .as("the learner's other nodes go with their sandbox").isEmpty();
                assertThat(HostDocker.client().listNetworksCmd().withFilter("label",
                        List.of("dockerlab.learner=" + learner.id().hash(), "dockerlab.role=" + NodeGroups.ROLE_NODE_NETWORK)).exec())
                        .as("and so does their network").isEmpty();
            });
        }
        if (other != null) {
            sandboxes.reset(other.id());
        }
    }

    @Test
    @Order(0)
    void theLessonPageHasATabAndATerminalPerNode() {
        given().get("/lessons/" + LESSON).then().statusCode(200)
                .body(containsString("<div class=\"node-tabs\" id=\"node-tabs\" role=\"tablist\""))
                .body(containsString("data-nodes=\"3\""))
                .body(containsString("id=\"node-tab-3\" data-node=\"3\""))
                .body(containsString("<div class=\"node-terminal\" id=\"terminal-node3\" hidden></div>"));
        given().get("/lessons/one-engine").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("node-tabs")));
    }

    @Test
    @Order(1)
    void aNodeOutsideTheLessonIsRefusedWithAMessage() {
        Learner stranger = Learner.arrive(base);
        try (TerminalClient t = TerminalClient.open(base, stranger.cookie(), "http://" + base.getAuthority(),
                "lesson=" + LESSON + "&node=4")) {
            t.awaitText("nodes 1 to 3; there is no node 4", Duration.ofSeconds(15));
        }
        assertThat(sandboxes.find(stranger.id())).as("nothing is made for it").isEmpty();
    }

    @Test
    @Order(1)
    void eachNodeHasItsOwnTerminalHostnameAndNetwork() {
        for (int k = 1; k <= 3; k++) {
            assertThat(node(k).run("hostname")).isEqualTo("node" + k);
        }
        String node2 = groupAddress(2);
        assertThat(node(1).run("ping -c 1 -W 2 " + node2 + " >/dev/null && echo reached")).as("node1 reaches node2 on their network")
                .isEqualTo("reached");
        assertThat(node(2).run("ip -4 -o addr show eth1 | grep -c 'inet 10\\.250\\.'")).as("the group network is eth1").isEqualTo("1");
        assertThat(node(3).run("echo $DOCKERLAB_REGISTRY")).as("every node pulls through the registry gate").isNotEmpty();
    }

    @Test
    @Order(2)
    void aSwarmIsInitialisedAndJoinedThroughTheTerminals() {
        // as the lesson has it: a plain init, and on the others the join line it prints, as it is
        String printed = node(1).run("docker swarm init", SLOW);
        String join = printed.lines().map(String::trim).filter(l -> l.startsWith("docker swarm join --token")).findFirst()
                .orElseThrow(() -> new AssertionError("no join line in: " + printed));
        assertThat(join).as("node1 advertises its address on the nodes' network").matches(".* 10\\.250\\.\\d+\\.\\d+:2377");
        for (int k = 2; k <= 3; k++) {
            assertThat(node(k).run(join, SLOW)).contains("This node joined a swarm as a worker");
        }
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).until(() -> node(1)
                .run("docker node ls --format '{{.Hostname}} {{.Status}}' | sort | tr '\\n' ' '").equals("node1 Ready node2 Ready node3 Ready"));
    }

    @Test
    @Order(3)
    void aReplicatedServiceSpreadsOverTheNodesAndIsReached() {
        TerminalClient manager = node(1);
        manager.run("docker service create -d --name web --replicas 6 nginx >/dev/null; echo ok", SLOW);
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(2))
                .until(() -> manager.run("docker service ls --filter name=web --format '{{.Replicas}}'").equals("6/6"));
        String where = manager.run("docker service ps web --filter desired-state=running --format '{{.Node}}' | sort -u | tr '\\n' ' '");
        assertThat(where.trim().split(" ")).as("tasks on more than one node: " + where).hasSizeGreaterThan(1);

        // host-mode ports: one task per node, each answering on its node's address
        manager.run("docker service create -d --name front --mode global -p mode=host,published=8080,target=80 nginx >/dev/null; echo ok", SLOW);
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(2))
                .until(() -> manager.run("docker service ls --filter name=front --format '{{.Replicas}}'").equals("3/3"));
        for (String target : List.of(groupAddress(2), groupAddress(3))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> manager.run("curl -s -m 3 http://" + target + ":8080/").contains("Welcome to nginx!"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().cookie("dockerlab_learner", learner.cookieValue())
                .get("/preview/8080/").then().statusCode(200).body(containsString("Welcome to nginx!")));
    }

    @Test
    @Order(4)
    void anOverlayNetworkSpansTheNodes() {
        assertThat(node(1).run("docker network create -d overlay --attachable backbone >/dev/null && "
                + "docker run -d --name far --network backbone busybox sleep 600 >/dev/null && echo up", SLOW)).isEqualTo("up");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> node(2)
                .run("docker run --rm --network backbone busybox ping -c 2 -W 2 far >/dev/null 2>&1 && echo reached", SLOW)
                .equals("reached"));
    }

    @Test
    @Order(5)
    void anotherLearnersNodesCannotReachThese() {
        other = Learner.arrive(base);
        otherTerminal = TerminalClient.open(base, other.cookie(), "http://" + base.getAuthority(), "lesson=one-engine");
        otherTerminal.await("learner@sandbox", SLOW);
        String groupAddress = node(2).run("ip -4 -o addr show eth1 | awk '{print $4}' | cut -d/ -f1");
        String sandboxAddress = node(2).run("ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1");
        assertThat(groupAddress).startsWith("10.250.");
        for (String address : List.of(groupAddress, sandboxAddress)) {
            for (int port : List.of(2377, 7946, 8080)) {
                assertThat(otherTerminal.run("timeout 3 bash -c '</dev/tcp/" + address + "/" + port + "' 2>/dev/null && echo open || echo closed"))
                        .as("another learner connecting to %s:%d", address, port).isEqualTo("closed");
                if (address.equals(groupAddress)) {
                    assertThat(node(1).run("timeout 3 bash -c '</dev/tcp/" + address + "/" + port + "' 2>/dev/null && echo open || echo closed"))
                            .as("while the learner's own node 1 connects to %s:%d", address, port).isEqualTo("open");
                }
            }
        }
    }

    @Test
    @Order(6)
    void aStoppedNodesTasksMoveToTheOthers() {
        TerminalClient manager = node(1);
        node(3).run("dockerlab-engine stop; echo stopped");
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(2))
                .until(() -> manager.run("docker node ls --filter name=node3 --format '{{.Status}}'").equals("Down"));
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(2)).until(() -> manager
                .run("docker service ps web --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' | grep -c '^node[12] Running'")
                .equals("6"));
        // the swarm keeps counting the lost node's tasks as running until it is back ("8/6"), so ask where tasks should run
        assertThat(manager.run("docker service ps web --filter desired-state=running --format '{{.Node}}' | grep -c '^node3$'"))
                .as("no task is meant to run on the lost node").isEqualTo("0");
    }
}
