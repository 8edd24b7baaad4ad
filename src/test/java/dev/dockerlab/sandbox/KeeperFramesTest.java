package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The encoder alone; KeeperContractTest holds it to the real keeper. */
class KeeperFramesTest {

    @Test
    void keystrokesBecomeOneFrameWithTypeAndBigEndianLength() {
        assertThat(KeeperFrames.input("ls\r".getBytes())).singleElement()
                .isEqualTo(new byte[] {'i', 0, 3, 'l', 's', '\r'});
    }

    @Test
    void aPasteIsCutIntoFramesOfAtMostTheKeepersLimitThatJoinToTheSameBytes() {
        byte[] paste = new byte[3 * KeeperFrames.MAX_PAYLOAD + 5];
        for (int i = 0; i < paste.length; i++) {
            paste[i] = (byte) i;
        }
        List<byte[]> frames = KeeperFrames.input(paste);
        assertThat(frames).hasSize(4);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            int length = (frame[1] & 0xff) << 8 | frame[2] & 0xff;
            assertThat(frame[0]).isEqualTo(KeeperFrames.INPUT);
            assertThat(length).isLessThanOrEqualTo(KeeperFrames.MAX_PAYLOAD).isEqualTo(frame.length - KeeperFrames.HEADER);
            joined.write(frame, KeeperFrames.HEADER, length);
        }
        assertThat(joined.toByteArray()).isEqualTo(paste);
        assertThat(KeeperFrames.input(new byte[KeeperFrames.MAX_PAYLOAD])).as("exactly the limit is one frame").hasSize(1);
        assertThat(KeeperFrames.input(new byte[0])).as("nothing typed, nothing sent").isEmpty();
    }

    @Test
    void aResizeCarriesRowsThenColumnsAndRefusesASizeItCannotCarry() {
        assertThat(KeeperFrames.resize(300, 1000)).isEqualTo(new byte[] {'r', 0, 4, 1, 44, 3, (byte) 232});
        assertThatThrownBy(() -> KeeperFrames.resize(70_000, 80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000x80");
    }
}
