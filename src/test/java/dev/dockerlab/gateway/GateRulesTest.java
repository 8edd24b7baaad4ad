package dev.dockerlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** The gate's and the preview's rules on their own, without a server. */
class GateRulesTest {

    @Test
    void connectionsAreBoundedPerSourceAndInAllAndFreedWhenTheyClose() {
        GateConnections connections = new GateConnections(2, 3);
        assertThat(connections.admit("a")).isTrue();
        assertThat(connections.admit("a")).isTrue();
        assertThat(connections.admit("a")).as("a third from one source").isFalse();
        assertThat(connections.admit("b")).isTrue();
        assertThat(connections.admit("c")).as("a fourth in all").isFalse();
        connections.release("a");
        assertThat(connections.openFrom("a")).isEqualTo(1);
        assertThat(connections.admit("c")).isTrue();
        assertThat(connections.open()).isEqualTo(3);
    }

    @Test
    void onlyTheRegistryApisParametersPassAndMountsOnlyFromTheLearnersOwnSpace() {
        String own = "0123456789abcdef";
        assertThat(RegistryGate.uri("/v2/x/blobs/uploads/u", "_state=s%3D&digest=sha256:1&evil=1", own))
                .isEqualTo("/v2/x/blobs/uploads/u?_state=s%3D&digest=sha256:1");
        assertThat(RegistryGate.uri("/v2/" + own + "/a/blobs/uploads/", "mount=sha256:1&from=fedcba9876543210/secret", own))
                .as("a mount from another learner's space").isEqualTo("/v2/" + own + "/a/blobs/uploads/");
        assertThat(RegistryGate.uri("/v2/" + own + "/a/blobs/uploads/", "mount=sha256:1&from=" + own + "%2Fb", own))
                .isEqualTo("/v2/" + own + "/a/blobs/uploads/?mount=sha256:1&from=" + own + "%2Fb");
        assertThat(RegistryGate.uri("/v2/library/nginx/tags/list", "n=10&last=a", null)).endsWith("?n=10&last=a");
    }

    @Test
    void aPreviewedAppsHeadersStayInsideItsPrefix() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Service-Worker-Allowed", "/")
                .add("Set-Cookie", "a=1; Path=/; Domain=example.org; HttpOnly")
                .add("Set-Cookie", "b=2; Path=/preview/8080/../../")
                .add("Set-Cookie", "dockerlab_learner=forged")
                .add("Set-Cookie", "c=3")
                .add("Clear-Site-Data", "\"*\"")
                .add("Link", "</sw.js>; rel=serviceworker");
        PreviewScope.confine(headers, "/preview/8080");
        assertThat(headers.get("Service-Worker-Allowed")).isEqualTo("/preview/8080/");
        assertThat(headers.getAll("Set-Cookie")).containsExactly("a=1; HttpOnly; Path=/preview/8080/",
                "b=2; Path=/preview/8080/", "c=3; Path=/preview/8080/");
        assertThat(headers.contains("Clear-Site-Data")).isFalse();
        assertThat(headers.contains("Link")).isFalse();
        assertThat(PreviewScope.inside("/../x", "/preview/8080")).isEmpty();
        assertThat(PreviewScope.inside("//evil/", "/preview/8080")).isEmpty();
        assertThat(PreviewScope.inside("/app/", "/preview/8080")).contains("/preview/8080/app/");
    }
}
