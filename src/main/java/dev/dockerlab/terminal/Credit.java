package dev.dockerlab.terminal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Flow control: output may run at most {@code window} bytes ahead of what the browser says it has
 * rendered. The Docker stream's reader thread waits here, so a flood like {@code yes} stalls in
 * the container instead of piling up in the server's heap or the browser.
 */
final class Credit {

    private final long window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private long unacked;
    private boolean closed;

    Credit(long window) {
        this.window = window;
    }

    /** Waits until {@code bytes} may be sent; false once closed. A frame larger than the window goes alone. */
    boolean take(int bytes) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && unacked > 0 && unacked + bytes > window) {
                available.await();
            }
            if (closed) {
                return false;
            }
            unacked += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code bytes} if they may be sent now, without waiting; false when the window is full or closed. */
    boolean tryTake(int bytes) {
        lock.lock();
        try {
            if (closed || unacked > 0 && unacked + bytes > window) {
                return false;
            }
            unacked += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void ack(long bytes) {
        if (bytes <= 0) {
            return;
        }
        lock.lock();
        try {
            unacked = Math.max(0, unacked - bytes);
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long unacked() {
        lock.lock();
        try {
            return unacked;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
