package dev.dockerlab.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP front for the local Docker socket that a test can cut and restore: to the server behind it,
 * the engine goes away mid-session and comes back, while the real engine keeps running for everyone else.
 */
public final class EngineProxy implements AutoCloseable {

    private final int port;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    public EngineProxy(int port) {
        this.port = port;
        restore();
    }

    public String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Drops every connection and refuses new ones. */
    public synchronized void cut() {
        close();
    }

    public synchronized void restore() {
        try {
            ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            listener = socket;
            Thread.ofVirtual().start(() -> accept(socket));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of("/var/run/docker.sock"));
                open.add(client);
                open.add(engine);
                Thread.ofVirtual().start(() -> pump(client::getInputStream, () -> Channels.newOutputStream(engine)));
                Thread.ofVirtual().start(() -> pump(() -> Channels.newInputStream(engine), client::getOutputStream));
            } catch (IOException e) {
                return;
            }
        }
    }

    private interface Stream<T> {
        T get() throws IOException;
    }

    private static void pump(Stream<InputStream> in, Stream<OutputStream> out) {
        byte[] buffer = new byte[16384];
        try (InputStream i = in.get(); OutputStream o = out.get()) {
            int n;
            while ((n = i.read(buffer)) != -1) {
                o.write(buffer, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // one side went away; the other is closed with it
        }
    }

    @Override
    public void close() {
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        open.clear();
    }
}
