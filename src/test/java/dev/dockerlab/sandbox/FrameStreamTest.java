package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;

import dev.dockerlab.support.HostDocker;

/**
 * A stream's start, as the engine answers it: started, refused, or not at all. Before
 * {@link FrameStream#awaitStart}, a refused start left its caller (a learner's terminal at
 * "connecting") waiting for good.
 */
class FrameStreamTest {

    private static final String IMAGE = "dockerlab/sandbox:latest";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final DockerClient docker = HostDocker.client();
    private String container;

    @AfterEach
    void removeContainer() {
        if (container != null) {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    @Test
    void aStartedStreamIsReportedAndItsOutputArrives() throws Exception {
        String exec = execIn(runningContainer(), "echo started-fine");
        var output = new ByteArrayOutputStream();
        FrameStream stream = new FrameStream(output::writeBytes);
        docker.execStartCmd(exec).exec(stream);

        stream.awaitStart(LIMIT);
        assertThat(stream.awaitCompletion(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(output.toString()).isEqualTo("started-fine\n");
    }

    @Test
    void aStartTheEngineRefusesBecauseTheSandboxStoppedEndsTheWait() {
        String id = runningContainer();
        String exec = execIn(id, "echo never");
        docker.killContainerCmd(id).exec();
        docker.waitContainerCmd(id).start().awaitStatusCode();

        FrameStream stream = new FrameStream(FrameStream.DISCARD);
        docker.execStartCmd(exec).exec(stream);
        // the engine answers 409 (not running) or 404 (the exec went with the process): either is the sandbox's end
        assertThatThrownBy(() -> stream.awaitStart(LIMIT))
                .isInstanceOfAny(SandboxException.Stopped.class, SandboxException.Gone.class);
    }

    @Test
    void aStartTheEngineRefusesBecauseTheSandboxWentEndsTheWaitAsGone() {
        String id = runningContainer();
        String exec = execIn(id, "echo never");
        docker.removeContainerCmd(id).withForce(true).exec();
        container = null;

        FrameStream stream = new FrameStream(FrameStream.DISCARD);
        docker.execStartCmd(exec).exec(stream);
        assertThatThrownBy(() -> stream.awaitStart(LIMIT)).isInstanceOf(SandboxException.Gone.class);
    }

    @Test
    void anyOtherRefusalOfTheStartIsTheSandboxStopping() {
        // what the engine answered in a reset flood, as docker-java hands it to the stream
        FrameStream stream = new FrameStream(FrameStream.DISCARD);
        var refusal = new com.github.dockerjava.api.exception.InternalServerErrorException(
                "Status 500: {\"message\":\"Container 4e26 is not running: Removal In Progress\"}");
        stream.onError(refusal);
        assertThatThrownBy(() -> stream.awaitStart(LIMIT)).isInstanceOf(SandboxException.Stopped.class).hasCause(refusal);
    }

    @Test
    void anEngineThatNeverAnswersEndsTheWaitAfterTheLimit() {
        FrameStream stream = new FrameStream(FrameStream.DISCARD);
        assertThatThrownBy(() -> stream.awaitStart(Duration.ofMillis(200)))
                .isInstanceOf(SandboxException.EngineUnavailable.class)
                .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    private String runningContainer() {
        container = docker.createContainerCmd(IMAGE).withEntrypoint("sleep").withCmd("300")
                .withLabels(Map.of("dockerlab.test", FrameStreamTest.class.getSimpleName()))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        docker.startContainerCmd(container).exec();
        return container;
    }

    private String execIn(String id, String command) {
        return docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", command).exec().getId();
    }
}
