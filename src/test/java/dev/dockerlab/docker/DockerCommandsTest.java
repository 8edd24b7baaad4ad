package dev.dockerlab.docker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
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

import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.FixtureLessons;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Docker commands of the course, typed into the terminal beside a lesson that says
 * {@code sandbox: docker}, as a learner would. One learner for the class: each test goes on
 * where a learner in the lesson would.
 */
@QuarkusTest
@TestProfile(FixtureLessons.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerCommandsTest {

    private static final Duration SLOW = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;
    private TerminalClient terminal;
    private final List<Learner> others = new java.util.ArrayList<>();

    private TerminalClient open(Learner who, String lesson) {
        return TerminalClient.open(base, who.cookie(), "http://" + base.getAuthority(),
                lesson == null ? "" : "lesson=" + lesson);
    }

    private TerminalClient terminal() {
        if (terminal == null) {
            learner = Learner.arrive(base);
            terminal = open(learner, "docker-basics");
            terminal.await("learner@sandbox", Duration.ofSeconds(30));
        }
        return terminal;
    }

    @AfterAll
    void cleanUp() {
        if (terminal != null) {
            terminal.close();
            String volume = sandboxes.find(learner.id()).orElseThrow().name() + "-docker";
            sandboxes.reset(learner.id());
            assertThat(HostDocker.client().listVolumesCmd().exec().getVolumes()).as("the engine's storage goes with the sandbox")
                    .noneMatch(v -> v.getName().equals(volume));
        }
        others.forEach(o -> sandboxes.reset(o.id()));
    }

    @Test
    @Order(1)
    void aLessonThatNeedsDockerGetsASandboxWithItsOwnEngineAsUser1000() {
        TerminalClient t = terminal();
        assertThat(sandboxes.profileOf(learner.id())).contains(SandboxProfile.DOCKER);
        assertThat(t.run("id -u; docker info --format '{{.SecurityOptions}}'", SLOW)).startsWith("1000\n").contains("rootless");
        var inspect = HostDocker.client().inspectContainerCmd(sandboxes.find(learner.id()).orElseThrow().containerId()).exec();
        assertThat(inspect.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(inspect.getConfig().getLabels()).containsEntry("dockerlab.profile", "docker")
                .containsEntry("dockerlab.managed", "true").containsEntry("dockerlab.learner", learner.id().hash());
        assertThat(inspect.getHostConfig().getPrivileged()).isFalse();
        var volume = HostDocker.client().inspectVolumeCmd(inspect.getName().substring(1) + "-docker").exec();
        assertThat(volume.getLabels()).containsEntry("dockerlab.managed", "true")
                .containsEntry("dockerlab.learner", learner.id().hash()).containsEntry("dockerlab.role", "engine-storage");
    }

    @Test
    @Order(2)
    void helloWorldRunsFromTheOfflineRegistryAndTheStepsCheckSeesIt() {
        TerminalClient t = terminal();
        given().cookie("dockerlab_learner", learner.cookieValue()).post("/api/lessons/docker-basics/steps/1/check")
                .then().statusCode(200).body("passed", org.hamcrest.Matchers.is(false));
        assertThat(t.run("docker run hello-world 2>&1 | grep -m1 Hello", SLOW)).contains("Hello from Docker!");
        // the check runs in the learner's sandbox without a terminal, and reaches the same engine
        given().cookie("dockerlab_learner", learner.cookieValue()).post("/api/lessons/docker-basics/steps/1/check")
                .then().statusCode(200).body("passed", org.hamcrest.Matchers.is(true));
    }

    @Test
    @Order(3)
    void aPublishedNginxAnswersThroughThePreviewForItsLearnerOnly() throws Exception {
        assertThat(terminal().run("docker run -d --name web -p 8080:80 nginx >/dev/null && echo started", SLOW)).endsWith("started");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().cookie("dockerlab_learner", learner.cookieValue())
                .get("/preview/8080/").then().statusCode(200).body(containsString("Welcome to nginx!")));
        given().redirects().follow(false).cookie("dockerlab_learner", learner.cookieValue()).get("/preview/8080")
                .then().statusCode(302).header("Location", "/preview/8080/");
        assertThat(previewBytes("gzip")).as("what nginx sent, labelled as nginx labelled it").contains("Welcome to nginx!");
        assertThat(previewBytes(null)).as("no encoding asked, none given").contains("Welcome to nginx!");

        // without a cookie the page filter issues a fresh identity, which has no sandbox
        given().get("/preview/8080/").then().statusCode(404);
        Learner stranger = Learner.arrive(base);
        others.add(stranger);
        given().cookie("dockerlab_learner", stranger.cookieValue()).get("/preview/8080/").then().statusCode(404);
        try (TerminalClient theirs = open(stranger, null)) {
            theirs.await("learner@sandbox", Duration.ofSeconds(30));
            // the stranger's own sandbox has nothing on 8080: never the first learner's page (a new
            // sandbox joins its network just after its shell runs, a moment later on a busy machine)
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                    .cookie("dockerlab_learner", stranger.cookieValue()).get("/preview/8080/")
                    .then().statusCode(502).body(containsString("Nothing in your sandbox answers")));
        }
    }

    /**
     * /preview/8080/ as its bytes arrive (no client that decodes by itself): the server's own
     * compression never touches the learner's app, whose Content-Encoding, if any, comes with it.
     * HTTP/1.1, as browsers speak to a plain-HTTP server (the JDK's client would try h2c).
     */
    private String previewBytes(String acceptEncoding) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(base.resolve("/preview/8080/"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1).header("Cookie", learner.cookie());
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        var encoding = response.headers().allValues("Content-Encoding");
        assertThat(encoding).as("Content-Encoding").isEqualTo(acceptEncoding == null ? List.of() : List.of("gzip"));
        byte[] body = response.body();
        if (encoding.contains("gzip")) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    @Order(4)
    void thePreviewCarriesWebSockets() throws Exception {
        String script = new String(getClass().getResourceAsStream("/docker/ws-echo.py").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String id = sandboxes.find(learner.id()).orElseThrow().containerId();
        dev.dockerlab.support.InContainer.asLearner(HostDocker.client(), id, "cat > ~/ws.py <<'PY'\n" + script + "PY\n");
        assertThat(terminal().run("docker run -d --name ws -p 9090:9090 -v ~/ws.py:/ws.py:ro python python /ws.py"
                + " >/dev/null && echo started", SLOW)).endsWith("started");
        var received = new java.util.concurrent.CompletableFuture<String>();
        var listener = new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                received.complete(data.toString());
                return null;
            }
        };
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            var ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", learner.cookie())
                    .buildAsync(URI.create("ws://" + base.getAuthority() + "/preview/9090/"), listener).join();
            ws.sendText("hello", true).join();
            return true;
        });
        assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo:hello");
    }

    @Test
    @Order(5)
    void aTwoLineDockerfileBuildsAndRuns() {
        TerminalClient t = terminal();
        t.run("mkdir -p ~/app && cd ~/app && printf 'FROM busybox\\nCMD [\"echo\", \"built by the learner\"]\\n' > Dockerfile && echo ok");
        // run() works in a subshell: every command names its directory
        assertThat(t.run("cd ~/app && docker build -q -t myapp . >/dev/null && docker run --rm myapp", SLOW))
                .isEqualTo("built by the learner");
    }

    @Test
    @Order(6)
    void twoContainersOnAUserNetworkFindEachOtherByName() {
        TerminalClient t = terminal();
        t.run("docker pull -q redis >/dev/null; docker pull -q busybox >/dev/null; echo pulled", SLOW);
        assertThat(t.run("docker network create shop >/dev/null && docker run -d --name db --network shop redis >/dev/null"
                + " && docker run --rm --network shop redis redis-cli -h db ping", SLOW)).endsWith("PONG");
        assertThat(t.run("docker run --rm --network shop busybox ping -c1 -W2 db", SLOW)).contains("1 packets received");
    }

    @Test
    @Order(7)
    void composeStartsTwoServicesThatTalkToEachOther() {
        TerminalClient t = terminal();
        t.run("mkdir -p ~/stack && cd ~/stack && printf 'version: \"3\"\\nservices:\\n  web:\\n    image: nginx\\n"
                + "    ports: [\"8081:80\"]\\n  cache:\\n    image: redis\\n' > docker-compose.yml && echo ok");
        assertThat(t.run("cd ~/stack && docker-compose up -d 2>&1 | tail -1", SLOW)).containsAnyOf("done", "Started", "Running");
        assertThat(t.run("cd ~/stack && docker-compose ps --services --filter status=running | sort", SLOW)).isEqualTo("cache\nweb");
        assertThat(t.run("cd ~/stack && docker-compose exec -T web getent hosts cache >/dev/null && echo resolved", SLOW)).isEqualTo("resolved");
        assertThat(t.run("cd ~/stack && docker compose ps -q | wc -l", SLOW)).as("`docker compose` is docker-compose").isEqualTo("2");
        given().cookie("dockerlab_learner", learner.cookieValue()).get("/preview/8081/")
                .then().statusCode(200).body(containsString("Welcome to nginx!"));
    }

    @Test
    @Order(8)
    void aSingleNodeSwarmRunsAReplicatedServiceAndScalesIt() {
        TerminalClient t = terminal();
        assertThat(t.run("docker swarm init >/dev/null && docker info --format '{{.Swarm.LocalNodeState}}'", SLOW)).isEqualTo("active");
        t.run("docker service create -d --name pinger --replicas 2 busybox sleep 3600 >/dev/null; echo ok", SLOW);
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(1))
                .until(() -> t.run("docker service ls --filter name=pinger --format '{{.Replicas}}'").equals("2/2"));
        t.run("docker service scale -d pinger=3 >/dev/null; echo ok", SLOW);
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(1))
                .until(() -> t.run("docker service ls --filter name=pinger --format '{{.Replicas}}'").equals("3/3"));
    }

    @Test
    @Order(9)
    void aStackOnAnOverlayNetworkFindsItsServicesByNameAndPublishesInHostMode() {
        TerminalClient t = terminal();
        // docs/swarm.md: no virtual IPs in a rootless engine, so services use DNS round robin; no
        // routing mesh, so ports are published in host mode
        t.run("mkdir -p ~/shop && cd ~/shop && printf 'version: \"3.8\"\\nservices:\\n  cache:\\n    image: redis\\n"
                + "    deploy: {replicas: 2, endpoint_mode: dnsrr}\\n  web:\\n    image: nginx\\n"
                + "    ports: [{target: 80, published: 8090, mode: host}]\\n' > stack.yml && echo ok");
        assertThat(t.run("cd ~/shop && docker stack deploy -c stack.yml shop >/dev/null && echo deployed", SLOW)).isEqualTo("deployed");
        Awaitility.await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).until(() -> t.run(
                "docker stack services shop --format '{{.Name}} {{.Replicas}}' | sort | tr '\\n' ' '").equals("shop_cache 2/2 shop_web 1/1"));
        assertThat(t.run("docker exec $(docker ps -q -f name=shop_cache | head -1) redis-cli -h cache ping", SLOW))
                .as("a task reaches its service by name over the overlay network").isEqualTo("PONG");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().cookie("dockerlab_learner", learner.cookieValue())
                .get("/preview/8090/").then().statusCode(200).body(containsString("Welcome to nginx!")));
    }

    @Test
    @Order(10)
    void aLearnerPushesUnderTheirOwnNameOnlyAndLessonImagesStayReadOnly() {
        TerminalClient t = terminal();
        assertThat(t.run("echo $DOCKERLAB_PUSH_PREFIX")).endsWith("/" + learner.id().hash());
        assertThat(t.run("docker tag busybox $DOCKERLAB_PUSH_PREFIX/mybox && docker push $DOCKERLAB_PUSH_PREFIX/mybox >/dev/null"
                + " && docker rmi $DOCKERLAB_PUSH_PREFIX/mybox >/dev/null && docker pull -q $DOCKERLAB_PUSH_PREFIX/mybox", SLOW))
                .endsWith("/mybox:latest");
        assertThat(t.run("docker tag busybox $DOCKERLAB_REGISTRY/library/nginx && docker push $DOCKERLAB_REGISTRY/library/nginx", SLOW))
                .as("nobody overwrites a lesson image").contains("read-only");
        assertThat(t.run("docker tag busybox $DOCKERLAB_REGISTRY/0123456789abcdef/x && docker push $DOCKERLAB_REGISTRY/0123456789abcdef/x", SLOW))
                .as("nor another learner's space").contains("another learner");
    }

    @Test
    @Order(11)
    void theRegistryGateServesTheRegistryApiAndNothingElse() throws Exception {
        TerminalClient t = terminal();
        String gate = "curl -s -o /dev/null -w '%{http_code}' http://$DOCKERLAB_REGISTRY";
        assertThat(t.run(gate + "/v2/")).as("the API's base answers").isEqualTo("200");
        assertThat(t.run("curl -s http://$DOCKERLAB_REGISTRY/v2/_catalog")).as("the list of everyone's repositories")
                .contains("not public");
        assertThat(t.run(gate + "/v2/library/busybox/tags/list")).as("lesson images can be read").isEqualTo("200");
        assertThat(t.run(gate + "/v2/$(basename $DOCKERLAB_PUSH_PREFIX)/mybox/tags/list")).as("and the learner's own")
                .isEqualTo("200");
        assertThat(t.run(gate + "/v2/0123456789abcdef/x/tags/list")).as("but not another learner's").isEqualTo("403");
        assertThat(t.run("curl -s --path-as-is http://$DOCKERLAB_REGISTRY/v2/$(basename $DOCKERLAB_PUSH_PREFIX)/../0123456789abcdef/x/tags/list"))
                .as("nor by a dot segment").contains("Not a registry path");
        assertThat(t.run(gate + "/v2/%30123456789abcdef/x/tags/list")).as("nor an encoded name").isEqualTo("400");
        assertThat(t.run(gate + "/q/health") + " " + t.run(gate + "/api/lessons") + " " + t.run(gate + "/"))
                .as("none of the server's own pages on the gate's port").isEqualTo("404 404 404");
        String port = String.valueOf(base.getPort());
        assertThat(t.run("curl -s -m 3 -o /dev/null http://${DOCKERLAB_REGISTRY%:*}:" + port + "/ && echo reached || echo blocked"))
                .as("nor the server's own port").isEqualTo("blocked");
        // the firewall opens the gate's port on the gateway address only: elsewhere the host drops it (curl: 28, timed out)
        String hostAddress = java.net.NetworkInterface.networkInterfaces().filter(i -> !i.getName().startsWith("br-")
                        && !i.getName().equals("docker0") && !i.getName().startsWith("veth"))
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .map(java.net.InetAddress::getHostAddress).findFirst().orElseThrow();
        assertThat(t.run("curl -s -m 3 -o /dev/null http://" + hostAddress + ":${DOCKERLAB_REGISTRY##*:}/v2/; echo $?"))
                .as("the gate's port on the host's address " + hostAddress).isEqualTo("28");
    }

    @Test
    @Order(12)
    void theFactsListTheLearnersOwnContainersImagesAndNetworks() {
        terminal();
        var facts = given().cookie("dockerlab_learner", learner.cookieValue()).get("/api/sandbox/facts")
                .then().statusCode(200).extract().jsonPath();
        assertThat(facts.getString("kernel")).isNotBlank();
        assertThat(facts.getString("runtime")).isEqualTo("runc");
        assertThat(facts.getList("processes.command", String.class)).anyMatch(c -> c.contains("dockerd"));
        assertThat(facts.getList("processes.pidOnHost", Integer.class)).allMatch(p -> p > 0);
        assertThat(facts.getMap("limits")).containsKeys("memoryBytes", "pids");
        assertThat(facts.getMap("usage")).containsKey("memoryBytes");
        assertThat(facts.getList("docker.containers.name", String.class)).contains("web");
        assertThat(facts.getList("docker.images")).as("the learner's images").isNotEmpty();
        assertThat(facts.getList("docker.networks.name", String.class)).contains("shop");
        given().cookie("dockerlab_learner", Learner.arrive(base).cookieValue()).get("/api/sandbox/facts").then().statusCode(404);
    }

    @Test
    @Order(13)
    void aPlainLessonKeepsTheDockerSandbox() {
        terminal();
        String before = sandboxes.find(learner.id()).orElseThrow().containerId();
        try (TerminalClient plain = open(learner, "plain")) {
            plain.awaitText("\"type\":\"ready\"", Duration.ofSeconds(20));
        }
        assertThat(sandboxes.find(learner.id()).orElseThrow().containerId()).isEqualTo(before);
    }

    @Test
    @Order(14)
    void aPlainSandboxIsReplacedWhenADockerLessonOpensAndTheLearnerIsTold() {
        Learner switching = Learner.arrive(base);
        others.add(switching);
        try (TerminalClient plain = open(switching, "plain")) {
            plain.await("learner@sandbox", Duration.ofSeconds(30));
            assertThat(sandboxes.profileOf(switching.id())).contains(SandboxProfile.PLAIN);
            try (TerminalClient docker = open(switching, "docker-basics")) {
                docker.awaitText("\"type\":\"notice\".*needs Docker", Duration.ofSeconds(30));
                assertThat(plain.awaitClose(Duration.ofSeconds(20))).as("the old tab reconnects at once").isEqualTo(4003);
                docker.await("learner@sandbox", Duration.ofSeconds(30));
                assertThat(docker.run("docker version --format '{{.Server.Version}}'", SLOW)).startsWith("20.10");
            }
        }
        assertThat(sandboxes.profileOf(switching.id())).contains(SandboxProfile.DOCKER);
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.learner", switching.id().hash())).exec()).hasSize(1);
    }
}
