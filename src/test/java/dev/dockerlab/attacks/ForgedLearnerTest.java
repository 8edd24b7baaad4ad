package dev.dockerlab.attacks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.learner.LearnerId;
import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Finding 5 of the outside test: learner cookies the server never issued. 44 made-up values once
 * filled every sandbox, and two clients choosing the same value shared one shell. Only values the
 * server signed count; anything else is no learner at all.
 */
@QuarkusTest
@TestProfile(ForgedLearnerTest.BehindProxy.class)
class ForgedLearnerTest {

    /** Behind a TLS-terminating proxy that the server trusts: X-Forwarded-Proto says https. */
    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "dockerlab.sandbox.instance", "test-forged-${quarkus.uuid}",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true");
        }
    }

    private static final Map<String, String> HTTPS = Map.of("X-Forwarded-Proto", "https");

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void cookiesTheServerNeverIssuedGetNoSandboxFromTheSocketOrTheApi() {
        Learner real = Learner.arrive(base);
        Learner other = Learner.arrive(base);
        String othersSignature = other.cookieValue().substring(other.cookieValue().indexOf('.') + 1);
        List<String> forgeries = List.of(
                LearnerId.generate().value(), // a well-formed id, as cookies looked before they were signed
                LearnerId.generate().value() + "." + "A".repeat(43), // a made-up id with a made-up signature
                real.id().value(), // a real id without its signature
                real.id().value() + "." + othersSignature, // a real id with another learner's signature
                real.cookieValue() + "A", // a real cookie, one character longer
                real.id().hash()); // the learner's name on the container labels

        for (String forged : forgeries) {
            String cookie = Learner.COOKIE + "=" + forged;
            assertThat(TerminalClient.refusedStatus(base, cookie, origin())).as("terminal upgrade with %s", forged).isEqualTo(403);
            given().header("Cookie", cookie).header("Origin", origin()).post("/api/sandbox/reset").then().statusCode(403);
            given().header("Cookie", cookie).get("/api/sandbox").then().statusCode(403);
            given().header("Cookie", cookie).get("/api/sandbox/facts").then().statusCode(403);
            given().header("Cookie", cookie).header("Origin", origin()).post("/api/lessons/first-steps/steps/1/check")
                    .then().statusCode(403);
            given().header("Cookie", cookie).get("/api/progress").then().statusCode(403);
        }

        // from the host: no container for any id the forgeries name, nor for the learners they copied
        for (String forged : forgeries) {
            String id = forged.contains(".") ? forged.substring(0, forged.indexOf('.')) : forged;
            LearnerId.parse(id).ifPresent(named -> assertThat(containersOf(named.hash())).as("sandboxes of %s", forged).isZero());
        }
        assertThat(containersOf(real.id().hash())).isZero();
        assertThat(containersOf(other.id().hash())).isZero();
    }

    @Test
    void twoClientsShareAShellOnlyBySharingACookieTheServerIssued() {
        String chosen = Learner.COOKIE + "=" + LearnerId.generate().value();
        assertThat(TerminalClient.refusedStatus(base, chosen, origin())).as("first client with a chosen value").isEqualTo(403);
        assertThat(TerminalClient.refusedStatus(base, chosen, origin())).as("second client, same value").isEqualTo(403);

        Learner real = Learner.arrive(base);
        try (TerminalClient first = real.terminal(base); TerminalClient second = real.terminal(base)) {
            first.await("learner@sandbox");
            first.run("echo shared-by-cookie > ~/mark");
            second.await("learner@sandbox");
            assertThat(second.run("cat ~/mark")).isEqualTo("shared-by-cookie");
        } finally {
            sandboxes.reset(real.id());
        }
        // from the host: the real learner had one sandbox, now reset away
        assertThat(containersOf(real.id().hash())).isZero();
    }

    @Test
    void aPageVisitedWithAForgedCookieGivesTheBrowserAFreshSignedOne() {
        String forged = LearnerId.generate().value();
        String setCookie = given().cookie(Learner.COOKIE, forged).get("/").then().statusCode(200)
                .extract().header("Set-Cookie");
        assertThat(setCookie).as("a new cookie replaces the forged one").startsWith(Learner.COOKIE + "=").doesNotContain(forged);
        String fresh = setCookie.split(";", 2)[0].substring(Learner.COOKIE.length() + 1);
        given().cookie(Learner.COOKIE, fresh).get("/api/sandbox").then().statusCode(404); // a learner, with no sandbox yet
        assertThat(containersOf(Learner.idOf(fresh).hash())).isZero();
    }

    @Test
    void overHttpsTheCookieIsHostPrefixedAndOnlyThatNameCounts() {
        String setCookie = given().headers(HTTPS).get("/").then().statusCode(200).extract().header("Set-Cookie");
        assertThat(setCookie).startsWith("__Host-" + Learner.COOKIE + "=").contains("Secure").contains("Path=/")
                .containsIgnoringCase("HTTPOnly").doesNotContainIgnoringCase("Domain=");
        String value = setCookie.split(";", 2)[0].substring(("__Host-" + Learner.COOKIE).length() + 1);

        given().headers(HTTPS).cookie("__Host-" + Learner.COOKIE, value).get("/api/sandbox").then().statusCode(404);
        // the same value under the plain name, which any plain-HTTP page on the network could have set: no learner
        given().headers(HTTPS).cookie(Learner.COOKIE, value).get("/api/sandbox").then().statusCode(403);
        // the page as the browser sees it: https on the proxy's port 443, which the forwarded headers tell the server
        String httpsOrigin = "https://" + base.getHost();
        assertThat(TerminalClient.refusedStatus(base, Learner.COOKIE + "=" + value, httpsOrigin, HTTPS)).isEqualTo(403);

        LearnerId learner = Learner.idOf(value);
        try (TerminalClient terminal = TerminalClient.open(base, "__Host-" + Learner.COOKIE + "=" + value, httpsOrigin, "",
                HTTPS)) {
            terminal.await("learner@sandbox");
            assertThat(containersOf(learner.hash())).as("from the host: the learner's sandbox").isEqualTo(1);
        } finally {
            sandboxes.reset(learner);
        }
    }

    private String origin() {
        return "http://" + base.getAuthority();
    }

    private int containersOf(String learnerHash) {
        return HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.learner", learnerHash)).exec().size();
    }
}
