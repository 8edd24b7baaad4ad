package dev.dockerlab.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The keeper protocol, the server's side: the frames {@code dockerlab-shell attach} reads on its
 * stdin, and the exit codes it ends with. The keeper's side is deploy/sandbox/dockerlab-shell.h;
 * each constant here names the one it mirrors there, and KeeperContractTest runs the real keeper
 * against this encoder. docs/protocol.md describes the format.
 * <p>
 * A frame is a type (1 byte), the payload's length (2 bytes, big-endian) and the payload. Frames
 * let a resize travel in order with the keystrokes on the one stdin the exec has.
 */
public final class KeeperFrames {

    /** KEEPER_FRAME_HEADER: the type and the two length bytes. */
    public static final int HEADER = 3;
    /**
     * KEEPER_FRAME_PAYLOAD_MAX: the keeper buffers one frame per attach and ends an attach that
     * announces a longer one, so longer input is cut into frames of at most this.
     */
    public static final int MAX_PAYLOAD = 4096;
    /** KEEPER_FRAME_INPUT: bytes for the shell, as typed. */
    public static final byte INPUT = 'i';
    /** KEEPER_FRAME_RESIZE: rows and columns, 2 bytes each, big-endian. */
    public static final byte RESIZE = 'r';
    /** KEEPER_RESIZE_PAYLOAD: a resize of another length is skipped by the keeper. */
    public static final int RESIZE_PAYLOAD = 4;

    /** KEEPER_EXIT_DROPPED: the keeper let go of the attach (too far behind, or too many open); the shell lives on. */
    public static final int EXIT_DROPPED = 75;
    /** KEEPER_EXIT_KEEPER_GONE: the keeper died under the attach. */
    public static final int EXIT_KEEPER_GONE = 70;

    /** The largest row or column count a resize frame carries. */
    public static final int MAX_SIDE = 0xffff;

    private KeeperFrames() {
    }

    /** Keystrokes as input frames of at most {@link #MAX_PAYLOAD} each, in order; none for no bytes. */
    public static List<byte[]> input(byte[] bytes) {
        if (bytes.length <= MAX_PAYLOAD) {
            return bytes.length == 0 ? List.of() : List.of(frame(INPUT, bytes, 0, bytes.length));
        }
        List<byte[]> frames = new ArrayList<>(bytes.length / MAX_PAYLOAD + 1);
        for (int offset = 0; offset < bytes.length; offset += MAX_PAYLOAD) {
            frames.add(frame(INPUT, bytes, offset, Math.min(MAX_PAYLOAD, bytes.length - offset)));
        }
        return frames;
    }

    /** A terminal size; the keeper ignores a zero side, so callers send sizes of at least 1. */
    public static byte[] resize(int rows, int cols) {
        if (rows < 0 || rows > MAX_SIDE || cols < 0 || cols > MAX_SIDE) {
            throw new IllegalArgumentException("a terminal size is 0.." + MAX_SIDE + " rows and columns, not "
                    + rows + "x" + cols);
        }
        return frame(RESIZE, new byte[] {(byte) (rows >>> 8), (byte) rows, (byte) (cols >>> 8), (byte) cols}, 0,
                RESIZE_PAYLOAD);
    }

    private static byte[] frame(byte type, byte[] payload, int offset, int length) {
        byte[] frame = new byte[HEADER + length];
        frame[0] = type;
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) length;
        System.arraycopy(payload, offset, frame, HEADER, length);
        return frame;
    }
}
