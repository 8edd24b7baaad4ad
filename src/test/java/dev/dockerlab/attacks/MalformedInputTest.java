package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.RawWebSocket;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Frames no browser sends. Each must end in a clean close or be clamped, leaking no exec and no thread. */
@QuarkusTest
class MalformedInputTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    private Learner learner;

    @BeforeEach
    void arrive() {
        learner = Learner.arrive(base);
        try (TerminalClient first = learner.terminal(base)) {
            first.await("learner@sandbox");
        }
    }

    @AfterEach
    void cleanUp() {
        sandboxes.reset(learner.id());
    }

    private RawWebSocket openRaw() throws Exception {
        RawWebSocket ws = RawWebSocket.open(base, learner.cookie());
        ws.awaitText("\"ready\"");
        return ws;
    }

    @Test
    void anOversizedFrameEndsTheConnection() throws Exception {
        try (RawWebSocket ws = openRaw()) {
            ws.sendExpectingDrop(RawWebSocket.BINARY, new byte[200_000]);
            assertThat(ws.awaitClose()).as("dropped at once, without a close frame").isEqualTo(1006);
        }
        assertNoShellClientsLeft();
    }

    @Test
    void anUnknownOpcodeEndsTheConnection() throws Exception {
        try (RawWebSocket ws = openRaw()) {
            ws.sendExpectingDrop(0x3, "?".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.awaitClose()).as("dropped at once, without a close frame").isEqualTo(1006);
        }
        assertNoShellClientsLeft();
    }

    @Test
    void invalidUtf8InATextFrameIsAnsweredAndTheSessionGoesOn() throws Exception {
        try (RawWebSocket ws = openRaw()) {
            ws.send(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'});
            assertThat(ws.awaitText("\"error\"")).contains("ignored");
            ws.send(RawWebSocket.BINARY, "echo utf8-$((1+1))-ok\r".getBytes(StandardCharsets.UTF_8));
            awaitOutput(ws, "utf8-2-ok");
        }
        assertNoShellClientsLeft();
    }

    @Test
    void absurdSizesAndUnknownTypesAreClampedOrAnswered() throws Exception {
        try (TerminalClient terminal = learner.terminal(base)) {
            terminal.await("learner@sandbox");
            terminal.sendText("{\"type\":\"resize\",\"cols\":1e12,\"rows\":99999999999999999999}");
            terminal.sendText("{\"type\":\"ack\",\"bytes\":9223372036854775807}");
            terminal.sendText("{\"type\":\"" + "z".repeat(10_000) + "\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(terminal.run("stty size")).isEqualTo("200 500"));
            assertThat(terminal.textMessages()).anyMatch(t -> t.contains("Unknown control message type") && t.length() < 300);
        }
    }

    @Test
    void aPingFloodIsAnsweredAndTheShellStillWorks() throws Exception {
        try (RawWebSocket ws = openRaw()) {
            byte[] payload = new byte[125];
            for (int i = 0; i < 5000; i++) {
                ws.send(RawWebSocket.PING, payload);
            }
            ws.send(RawWebSocket.BINARY, "echo after-$((40+2))-pings\r".getBytes(StandardCharsets.UTF_8));
            assertThat(awaitOutput(ws, "after-42-pings")).as("pongs before the shell's answer").isPositive();
        }
        assertNoShellClientsLeft();
    }

    @Test
    void aSlowUpgradeHoldsUpNobodyElse() throws Exception {
        String request = RawWebSocket.upgradeRequest(base, learner.cookie());
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                // the server may close it: that is fine
            }
        });
        Learner other = Learner.arrive(base);
        try (TerminalClient terminal = other.terminal(base)) {
            terminal.await("learner@sandbox");
            assertThat(terminal.run("echo not-held-up")).isEqualTo("not-held-up");
        } finally {
            sandboxes.reset(other.id());
        }
        slow.get();
    }

    @Test
    void manyAbruptDropsLeakNoThreadsAndNoShellClients() throws Exception {
        int before = Thread.activeCount();
        for (int i = 0; i < 30; i++) {
            RawWebSocket ws = openRaw();
            ws.close();
        }
        assertNoShellClientsLeft();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(Thread.activeCount()).as("server threads after 30 dropped terminals").isLessThanOrEqualTo(before + 5));
    }

    /** Reads output frames until the text shows up; answers how many pongs came meanwhile. */
    private static int awaitOutput(RawWebSocket ws, String text) throws Exception {
        StringBuilder out = new StringBuilder();
        int pongs = 0;
        while (!out.toString().contains(text)) {
            RawWebSocket.Frame f = ws.read();
            if (f.opcode() == 0xA) {
                pongs++;
            } else if (f.opcode() == RawWebSocket.BINARY) {
                out.append(new String(f.payload(), StandardCharsets.UTF_8));
            }
        }
        return pongs;
    }

    private void assertNoShellClientsLeft() {
        String id = sandboxes.find(learner.id()).orElseThrow().containerId();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                InContainer.attachedClients(HostDocker.client(), id))
                .as("attaches and PID files left in the sandbox").isEqualTo("0\n0"));
    }
}
