package dev.dockerlab.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;

/**
 * The one reader of docker-java's output frames (an exec's stdout, a container's log): each
 * frame's bytes are copied, because docker-java reuses its buffer for the next read, then handed
 * on, in order, on docker-java's stream thread.
 */
final class FrameStream extends ResultCallback.Adapter<Frame> {

    private static final Logger LOG = Logger.getLogger(FrameStream.class);

    /** For a stream whose output nobody reads. */
    static final Consumer<byte[]> DISCARD = bytes -> {
    };

    private final Consumer<byte[]> output;
    private final Consumer<Throwable> ended;
    /** Down once the engine answered the stream's start: it runs, it was refused, or it already ended. */
    private final CountDownLatch answered = new CountDownLatch(1);
    /** The error that came before the stream ever started, if one did. */
    private volatile Throwable refused;

    /** {@code ended} is told once: with null for a clean end, or the error that ended the stream. */
    FrameStream(Consumer<byte[]> output, Consumer<Throwable> ended) {
        this.output = output;
        this.ended = ended;
    }

    FrameStream(Consumer<byte[]> output) {
        this(output, error -> {
        });
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        answered.countDown();
    }

    /**
     * Waits until the engine has started the stream. docker-java's own {@code awaitStarted} counts
     * only a start, never an error before one: a refused start (the sandbox stopped or went
     * between the exec's creation and its start, the engine's socket refusing a connection) left
     * the caller, and a learner's terminal at "connecting", waiting for good.
     *
     * @throws SandboxException.Gone when the engine answers 404, {@link SandboxException.Stopped} for any other refusal
     * @throws SandboxException.EngineUnavailable when the engine does not answer within {@code limit}
     */
    void awaitStart(Duration limit) {
        try {
            if (!answered.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                stop();
                throw new SandboxException.EngineUnavailable(
                        new TimeoutException("the engine did not start a stream within " + limit));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new SandboxException.EngineUnavailable(e);
        }
        Throwable error = refused;
        if (error instanceof DockerException docker) {
            // Past 404 and 409, a refused start says the same to the caller: this sandbox cannot be
            // attached now (the engine answers 500 "is not running: Removal In Progress" mid-reset).
            throw EngineErrors.forSandbox(docker) instanceof SandboxException known ? known : new SandboxException.Stopped(docker);
        }
        if (error != null) {
            throw new SandboxException.EngineUnavailable(error);
        }
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload != null && payload.length > 0) {
            output.accept(Arrays.copyOf(payload, payload.length));
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (answered.getCount() > 0) {
            refused = throwable;
        }
        if (refused == throwable && throwable instanceof DockerException) {
            // the engine refused the start: whoever waits in awaitStart hears it and decides, so one
            // line here, not docker-java's ERROR with a stack trace
            LOG.infof("The engine refused a stream's start: %s", throwable.getMessage());
            stop();
        } else if (hungUp(throwable)) {
            // our side closed the connection (a hang-up, the server stopping): the end of the stream,
            // not an error; docker-java's own handler would log it as an ERROR with a stack trace
            LOG.debugf("engine stream closed: %s", throwable);
            stop();
        } else {
            super.onError(throwable);
        }
        ended.accept(throwable);
        answered.countDown();
    }

    /** A stream whose connection this process closed, as opposed to one the engine broke. */
    static boolean hungUp(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.net.SocketException && "Socket closed".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onComplete() {
        super.onComplete();
        ended.accept(null);
        answered.countDown();
    }

    /** Stops reading: the engine's side of the stream is closed, and nothing more is handed on. */
    void stop() {
        try {
            close();
        } catch (IOException e) {
            LOG.debugf("closing an engine stream: %s", e.getMessage());
        }
    }
}
