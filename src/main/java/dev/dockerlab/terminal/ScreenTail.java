package dev.dockerlab.terminal;

/**
 * The latest output of a presenter's shell, for a viewer who joins late or fell behind: the last
 * {@code capacity} bytes, as the shell keeper keeps them for a new attach. A tail cut by the
 * ring starts after its first line break, so it never begins inside an escape sequence or a
 * UTF-8 character (a line break is neither).
 */
final class ScreenTail {

    private final byte[] ring;
    private long written;

    ScreenTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a tail holds at least one byte");
        }
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes) {
        int offset = Math.max(0, bytes.length - ring.length);
        for (int i = offset; i < bytes.length; ) {
            int at = (int) ((written + i) % ring.length);
            int n = Math.min(bytes.length - i, ring.length - at);
            System.arraycopy(bytes, i, ring, at, n);
            i += n;
        }
        // a byte's place is its count since the start, modulo the ring: what snapshot reads back
        written += bytes.length;
    }

    /** What a new viewer is shown first. */
    synchronized byte[] snapshot() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % ring.length);
        int first = Math.min(size, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, size - first);
        if (written <= ring.length) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                return java.util.Arrays.copyOfRange(out, i + 1, out.length);
            }
        }
        return new byte[0];
    }

    synchronized long written() {
        return written;
    }
}
