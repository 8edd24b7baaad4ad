package dev.dockerlab.gateway;

import java.util.function.LongPredicate;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body passed on as it is, each piece first offered to {@code take}; the first piece it
 * refuses is not passed on, and {@code refused} runs instead (the push quota cuts an upload off).
 */
final class CountedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> in;
    private final LongPredicate take;
    private final Runnable refused;
    private boolean cut;

    CountedBody(ReadStream<Buffer> in, LongPredicate take, Runnable refused) {
        this.in = in;
        this.take = take;
        this.refused = refused;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        in.handler(handler == null ? null : piece -> {
            if (cut) {
                return;
            }
            if (take.test(piece.length())) {
                handler.handle(piece);
            } else {
                cut = true;
                refused.run();
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        in.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        in.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        in.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        in.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        in.endHandler(endHandler);
        return this;
    }
}
