package dev.dockerlab.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client that sends whatever bytes a test asks for: invalid UTF-8, unknown opcodes,
 * huge frames, a ping flood, an upgrade typed slowly. Browsers and the JDK client refuse to
 * misbehave; attackers do not.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final SecureRandom random = new SecureRandom();

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens {@code /terminal} with a cookie from the server's own origin; fails unless the answer is 101. */
    public static RawWebSocket open(URI base, String cookie) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(15000);
        RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(upgradeRequest(base, cookie).getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        return ws;
    }

    public static String upgradeRequest(URI base, String cookie) {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return "GET /terminal HTTP/1.1\r\n"
                + "Host: " + base.getAuthority() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: http://" + base.getAuthority() + "\r\n"
                + "Cookie: " + cookie + "\r\n\r\n";
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed during the upgrade");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked frame, as a client must. */
    public void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Sends a frame the server is expected to refuse part way: a server that drops the
     * connection while the frame is still going out (a broken pipe or a reset) is the answer
     * the caller then reads with {@link #awaitClose()}, not a failure of the send.
     */
    public void sendExpectingDrop(int opcode, byte[] payload) throws IOException {
        try {
            send(opcode, payload);
        } catch (java.net.SocketException droppedWhileSending) {
            // the drop itself; awaitClose() reports it as 1006
        }
    }

    public void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A frame from the server: opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    public Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /**
     * Reads until a close frame or the end of the stream; answers the close code, or 1006 when
     * the server ended the connection without a close frame. A server that keeps the connection
     * open past the read timeout fails the caller: that is not a close.
     */
    public int awaitClose() throws IOException {
        try {
            while (true) {
                Frame f = read();
                if (f.opcode() == CLOSE) {
                    return f.closeCode();
                }
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return 1006;
        }
    }

    /** Reads frames until a text frame containing {@code fragment}; answers it. */
    public String awaitText(String fragment) throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode() == TEXT && f.text().contains(fragment)) {
                return f.text();
            }
            if (f.opcode() == CLOSE) {
                throw new IOException("closed with " + f.closeCode() + " before a text frame with " + fragment);
            }
        }
    }

    public InputStream rawInput() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
