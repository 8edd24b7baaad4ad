package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;

/**
 * An image lookup reads only the status of the engine's answer, asked on the path docker-java
 * would ask. (The engine's own answers are in MissingImageTest and the readiness tests.)
 */
class EngineImageLookupTest {

    private static final String IMAGE = "dockerlab/sandbox:latest";

    @Test
    void anImageTheEngineHasIsThere() {
        var engine = new Answering(200);
        assertThat(Engine.imageExists(engine, config(), IMAGE)).isTrue();
        assertThat(engine.asked).containsExactly("GET /images/dockerlab/sandbox:latest/json");
        assertThat(engine.body.available()).as("the answer read to its end, so its connection is kept").isZero();
    }

    @Test
    void anImageTheEngineDoesNotKnowIsMissing() {
        assertThat(Engine.imageExists(new Answering(404), config(), IMAGE)).isFalse();
    }

    @Test
    void anyOtherAnswerIsTheEnginesFailureWithItsStatus() {
        assertThatThrownBy(() -> Engine.imageExists(new Answering(500), config(), IMAGE))
                .isInstanceOf(DockerException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining(IMAGE)
                .satisfies(e -> assertThat(((DockerException) e).getHttpStatus()).isEqualTo(500));
    }

    @Test
    void aConfiguredApiVersionComesFirstAndOddCharactersAreEscaped() {
        var engine = new Answering(200);
        DockerClientConfig pinned = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").withApiVersion("1.41").build();
        Engine.imageExists(engine, pinned, "my image");
        assertThat(engine.asked).containsExactly("GET /v1.41/images/my%20image/json");
    }

    private static DockerClientConfig config() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///var/run/docker.sock").build();
    }

    /** The engine's HTTP client, answering every request with one status: the transport is not what is tested. */
    private static final class Answering implements DockerHttpClient {

        private final int status;
        final List<String> asked = new ArrayList<>();
        ByteArrayInputStream body;

        Answering(int status) {
            this.status = status;
        }

        @Override
        public Response execute(Request request) {
            asked.add(request.method() + " " + request.path());
            body = new ByteArrayInputStream("{\"Id\":\"sha256:0\"}".getBytes(StandardCharsets.UTF_8));
            return new Response() {
                @Override
                public int getStatusCode() {
                    return status;
                }

                @Override
                public Map<String, List<String>> getHeaders() {
                    return Map.of();
                }

                @Override
                public InputStream getBody() {
                    return body;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
