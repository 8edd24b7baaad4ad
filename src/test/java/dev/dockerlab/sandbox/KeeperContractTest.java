package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;

import dev.dockerlab.support.InContainer;

/**
 * The keeper protocol held to both of its sides: frames made by {@link KeeperFrames} go to the
 * real {@code dockerlab-shell attach} in a container of the sandbox image, started the way the
 * server starts it (an exec as the learner, no TTY), and the shell behind the keeper records
 * every byte it is given. The edges are the keeper's own: a frame of the maximum size, a resize
 * among keystrokes, a stream cut mid-frame, a length over the limit, types it does not know.
 */
class KeeperContractTest {

    private static final String IMAGE = "dockerlab/sandbox:latest";
    private static final String KEEPER = "/usr/local/bin/dockerlab-shell";
    private static final String RECORDED = "/tmp/recorded";
    /**
     * The shell the keeper runs here: a raw terminal (no echo, no line editing, no signal keys),
     * so what reaches it is exactly what the keeper wrote, and a file of every byte it read.
     */
    private static final String RECORDER = "stty raw -echo -iexten; touch /tmp/recorder-ready; exec cat > " + RECORDED;

    private static final Engine ENGINE = new Engine(new EngineConfig() {
        @Override
        public int maxConnections() {
            return 8;
        }

        @Override
        public int streamConnections() {
            return 8;
        }
    });
    private static final DockerClient DOCKER = ENGINE.client();
    private static final String INSTANCE = "keeper-contract-" + Long.toHexString(System.nanoTime());

    private static String container;
    private static int attaches;

    @BeforeAll
    static void startSandbox() {
        container = DOCKER.createContainerCmd(IMAGE)
                .withName(Labels.NAME_PREFIX + INSTANCE)
                .withLabels(Map.of(Labels.MANAGED, "true", Labels.INSTANCE, INSTANCE))
                .withUser("1000:1000")
                .withCmd("sleep", "infinity")
                .withHostConfig(HostConfig.newHostConfig()
                        .withCapDrop(Capability.ALL)
                        .withSecurityOpts(List.of("no-new-privileges:true"))
                        .withInit(true)
                        .withReadonlyRootfs(true)
                        .withNetworkMode("none")
                        .withTmpFs(Map.of("/home/learner", "rw,size=16m,uid=1000,gid=1000", "/tmp", "rw,size=16m,mode=1777")))
                .exec().getId();
        DOCKER.startContainerCmd(container).exec();
    }

    @AfterAll
    static void removeSandbox() {
        if (container != null) {
            DOCKER.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** A fresh keeper and recorder for each test: the one before it is ended with its shell. */
    @BeforeEach
    void freshKeeper() {
        InContainer.asLearner(DOCKER, container, "pkill -x cat; pkill -f 'dockerlab-shell [k]eeper';"
                + " while pgrep -f 'dockerlab-shell [k]eeper' >/dev/null; do sleep 0.05; done;"
                + " rm -rf /tmp/.dockerlab /tmp/recorder-ready " + RECORDED);
        assertThat(InContainer.asLearner(DOCKER, container, KEEPER + " start -- sh -c '" + RECORDER + "'").exitCode())
                .as("the keeper starts").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                InContainer.asLearner(DOCKER, container, "test -e /tmp/recorder-ready && echo ready").output().equals("ready"));
    }

    @Test
    void aFrameOfTheMaximumSizeReachesTheShellWholeWithEveryByteValue() {
        byte[] payload = new byte[KeeperFrames.MAX_PAYLOAD];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        List<byte[]> frames = KeeperFrames.input(payload);
        assertThat(frames).as("the limit is one frame").hasSize(1);
        assertThat(frames.get(0)).hasSize(KeeperFrames.HEADER + KeeperFrames.MAX_PAYLOAD);

        assertThat(attach(frames.get(0)).exitCode()).as("the attach ends cleanly when its stdin ends").isZero();

        assertThat(awaitRecorded(payload.length)).isEqualTo(payload);
    }

    @Test
    void aPasteLongerThanOneFrameArrivesInOrder() {
        byte[] paste = ascii(3 * KeeperFrames.MAX_PAYLOAD + 123);

        assertThat(attach(KeeperFrames.input(paste).toArray(byte[][]::new)).exitCode()).isZero();

        assertThat(awaitRecorded(paste.length)).isEqualTo(paste);
    }

    @Test
    void aResizeAmongKeystrokesSetsTheTerminalsSizeAndNoneOfItsBytesReachTheShell() {
        Attach done = attach(
                input("before-"),
                KeeperFrames.resize(37, 111),
                input("between-"),
                KeeperFrames.resize(0, 50), // a zero side: ignored by the keeper
                input("after"));

        assertThat(done.exitCode()).isZero();
        assertThat(text(awaitRecorded("before-between-after".length()))).isEqualTo("before-between-after");
        assertThat(InContainer.asLearner(DOCKER, container, "for pty in /dev/pts/[0-9]*; do stty -F $pty size; done").output())
                .as("the terminal has the last size with two sides").isEqualTo("37 111");
    }

    @Test
    void aStreamCutMidFrameEndsTheAttachCleanlyAndTheHalfFrameNeverReachesTheShell() {
        byte[] whole = input("whole|");
        byte[] cut = Arrays.copyOf(input("never-typed"), KeeperFrames.HEADER + 5);
        byte[] cutHeader = {KeeperFrames.INPUT, 0};

        assertThat(attach(whole, cut).exitCode()).as("a cut payload: stdin ended, the attach ends as usual").isZero();
        assertThat(attach(whole, cutHeader).exitCode()).as("a cut header: the same").isZero();
        // the next attach buffers its frames afresh: nothing of the cut ones is glued to them
        assertThat(attach(input("next")).exitCode()).isZero();

        assertThat(text(awaitRecorded("whole|whole|next".length()))).isEqualTo("whole|whole|next");
        assertNothingMoreArrives("whole|whole|next");
    }

    @Test
    void anAttachHungUpMidFrameAsTheServerClosesATabLeavesNoHalfFrameBehind() throws Exception {
        String token = "t" + (++attaches);
        Process exec = attachProcess(token);
        var stdin = exec.getOutputStream();
        stdin.write(input("whole|"));
        stdin.write(Arrays.copyOf(input("never-typed"), KeeperFrames.HEADER + 5));
        stdin.flush();
        awaitRecorded("whole|".length());

        // what TerminalSession's DETACH_SCRIPT does when a tab closes: the attach's recorded PID gets SIGHUP
        InContainer.asLearner(DOCKER, container, "kill -HUP \"$(cat /tmp/.dockerlab/attach-contract-" + token + ".pid)\"");
        assertThat(exec.waitFor(60, TimeUnit.SECONDS)).as("a hung-up attach ends").isTrue();
        assertThat(exec.exitValue()).as("128 + SIGHUP").isEqualTo(129);
        stdin.close();

        assertThat(attach(input("next")).exitCode()).isZero();
        assertThat(text(awaitRecorded("whole|next".length()))).isEqualTo("whole|next");
        assertNothingMoreArrives("whole|next");
    }

    @Test
    void aLengthOverTheLimitDropsTheAttachButNotTheShellAndNothingAfterItIsRun() {
        byte[] tooLong = new byte[KeeperFrames.HEADER + KeeperFrames.MAX_PAYLOAD + 1];
        tooLong[0] = KeeperFrames.INPUT;
        tooLong[1] = (byte) ((KeeperFrames.MAX_PAYLOAD + 1) >>> 8);
        tooLong[2] = (byte) (KeeperFrames.MAX_PAYLOAD + 1);
        Arrays.fill(tooLong, KeeperFrames.HEADER, tooLong.length, (byte) 'X');

        Attach dropped = attach(input("kept|"), tooLong, input("lost"));

        assertThat(dropped.exitCode()).as("the keeper let go of the attach").isEqualTo(KeeperFrames.EXIT_DROPPED);
        assertThat(dropped.output()).contains("detached");
        assertThat(attach(input("alive")).exitCode()).as("the shell lives on for the next attach").isZero();
        assertThat(text(awaitRecorded("kept|alive".length()))).isEqualTo("kept|alive");
        assertNothingMoreArrives("kept|alive");
    }

    @Test
    void framesOfUnknownTypesAndResizesOfAnotherLengthAreSkippedWhole() {
        byte[] unknown = {'z', 0, 3, 'Z', 'Z', 'Z'};
        byte[] shortResize = {KeeperFrames.RESIZE, 0, 3, 0, 9, 9};

        assertThat(attach(input("a"), unknown, input("b"), shortResize, input("c")).exitCode()).isZero();

        assertThat(text(awaitRecorded(3))).isEqualTo("abc");
        assertNothingMoreArrives("abc");
    }

    // ---------------------------------------------------------------- the harness

    record Attach(long exitCode, String output) {
    }

    /**
     * One attach as the server runs it (SandboxExec.attach: an exec as the learner, no TTY), these frames
     * on its stdin, then the end of its stdin. Through the docker CLI: docker-java does not pass
     * the end of stdin on to the exec (the server hangs an attach up instead), and a stream that
     * ends is one of the edges.
     */
    private static Attach attach(byte[]... frames) {
        try {
            Process exec = attachProcess("t" + (++attaches));
            try (var stdin = exec.getOutputStream()) {
                for (byte[] frame : frames) {
                    stdin.write(frame);
                }
            }
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(exec.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            boolean ended = exec.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                exec.destroyForcibly();
            }
            assertThat(ended).as("the attach ends once its stdin has ended").isTrue();
            return new Attach(exec.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Process attachProcess(String token) throws IOException {
        return new ProcessBuilder("docker", "exec", "-i", "--user", "1000:1000", "--workdir", "/home/learner",
                "--env", "TERM=xterm-256color", "--env", "LANG=C.UTF-8", container, KEEPER, "attach", "contract", token)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    /** What the shell has read, once it has read at least this many bytes. */
    private static byte[] awaitRecorded(int bytes) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(KeeperContractTest::recorded, r -> r.length >= bytes);
    }

    /**
     * A marker typed through a further attach arrives after anything still on its way, so once it
     * is there, the recording before it is final.
     */
    private static void assertNothingMoreArrives(String recordedSoFar) {
        assertThat(attach(input("|end")).exitCode()).isZero();
        assertThat(text(awaitRecorded(recordedSoFar.length() + 4))).isEqualTo(recordedSoFar + "|end");
    }

    private static byte[] recorded() {
        return Base64.getDecoder().decode(InContainer.asLearner(DOCKER, container, "base64 -w0 " + RECORDED + " 2>/dev/null").output());
    }

    private static byte[] input(String text) {
        List<byte[]> frames = KeeperFrames.input(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
