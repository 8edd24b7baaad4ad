package dev.dockerlab.terminal;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shell's stdin: keystrokes queued by the WebSocket thread, read by the Docker stream's own
 * copier thread. A queue, not a PipedInputStream: pipes break when the writing thread ends, and
 * every virtual thread ends. Public for bench/, whose paths without the server feed docker-java
 * the same way.
 */
public final class StdinQueue extends InputStream {

    private static final byte[] EOF = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final long maxPending;
    private byte[] current;
    private int position;
    private volatile boolean closed;

    public StdinQueue(long maxPending) {
        this.maxPending = maxPending;
    }

    /** Queues bytes for the shell; false when more than the limit is already waiting. */
    public boolean offer(byte[] bytes) {
        if (closed || bytes.length == 0) {
            return !closed;
        }
        if (pending.addAndGet(bytes.length) > maxPending) {
            pending.addAndGet(-bytes.length);
            return false;
        }
        queue.add(bytes);
        return true;
    }

    /** Queues a control frame (a resize): small, rare, and never refused for the keystroke limit. */
    void offerControl(byte[] bytes) {
        if (!closed) {
            pending.addAndGet(bytes.length);
            queue.add(bytes);
        }
    }

    /** Hands what waits here, unread, to another queue (keystrokes typed while a terminal was opening). */
    void moveTo(StdinQueue target) {
        byte[] bytes;
        while ((bytes = queue.poll()) != null && bytes != EOF) {
            pending.addAndGet(-bytes.length);
            target.offerControl(bytes);
        }
    }

    @Override
    public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws java.io.IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length) {
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stdin closed");
            }
            position = 0;
            if (current == EOF) {
                queue.add(EOF);
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, target, offset, n);
        position += n;
        pending.addAndGet(-n);
        return n;
    }

    @Override
    public int available() {
        return current == null || current == EOF ? 0 : current.length - position;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.add(EOF);
        }
    }
}
