package dev.dockerlab.sandbox;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

import com.github.dockerjava.transport.DockerHttpClient;

/**
 * Counts the engine's failures where every call of a client passes, the HTTP client under
 * docker-java: a call the engine did not answer (no connection, a timeout) and one it answered
 * with a server error (5xx). Its ordinary answers (404 not found, 409 conflict) are part of the
 * conversation, not failures.
 */
final class EngineCalls implements DockerHttpClient {

    /** What the server's clients have seen go wrong since it started. */
    static final class Failures {
        final LongAdder unanswered = new LongAdder();
        final LongAdder failed = new LongAdder();
    }

    private final DockerHttpClient delegate;
    private final Failures failures;

    EngineCalls(DockerHttpClient delegate, Failures failures) {
        this.delegate = delegate;
        this.failures = failures;
    }

    @Override
    public Response execute(Request request) {
        Response response;
        try {
            response = delegate.execute(request);
        } catch (RuntimeException e) {
            failures.unanswered.increment();
            throw e;
        }
        if (response.getStatusCode() >= 500) {
            failures.failed.increment();
        }
        return response;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
