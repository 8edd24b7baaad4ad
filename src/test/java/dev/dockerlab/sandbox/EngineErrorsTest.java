package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;

/** The engine's answers are read by their HTTP status, whatever their message says. */
class EngineErrorsTest {

    @Test
    void notFoundMeansTheSandboxIsGoneWhateverTheMessage() {
        var e = new NotFoundException("container is not running");
        assertThat(EngineErrors.forSandbox(e)).isInstanceOf(SandboxException.Gone.class).hasCause(e)
                .hasMessage(SandboxEnded.Reason.GONE.message());
    }

    @Test
    void conflictMeansTheSandboxIsStoppedWhateverTheMessage() {
        var e = new ConflictException("No such container: dockerlab-x");
        assertThat(EngineErrors.forSandbox(e)).isInstanceOf(SandboxException.Stopped.class).hasCause(e);
    }

    @Test
    void aBareStatusIsReadLikeItsSubclass() {
        assertThat(EngineErrors.forSandbox(new DockerException("gone", 404))).isInstanceOf(SandboxException.Gone.class);
        assertThat(EngineErrors.forSandbox(new DockerException("stopped", 409))).isInstanceOf(SandboxException.Stopped.class);
    }

    @Test
    void otherAnswersAreLeftAsTheyAreForTheLog() {
        var bad = new BadRequestException("No such container: x");
        var broken = new InternalServerErrorException("No such container: x");
        var forbidden = new DockerException("No such container: x", 403);
        assertThat(EngineErrors.forSandbox(bad)).isSameAs(bad);
        assertThat(EngineErrors.forSandbox(broken)).isSameAs(broken);
        assertThat(EngineErrors.forSandbox(forbidden)).isSameAs(forbidden);
    }

    @Test
    void theStatusOfAnAnswerAndOfSomethingElse() {
        assertThat(EngineErrors.status(new DockerException("endpoint already exists", 403))).isEqualTo(EngineErrors.FORBIDDEN);
        assertThat(EngineErrors.status(new NotFoundException("x"))).isEqualTo(EngineErrors.NOT_FOUND);
        assertThat(EngineErrors.status(new IllegalStateException("404"))).isZero();
    }
}
