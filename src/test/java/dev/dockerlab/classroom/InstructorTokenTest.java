package dev.dockerlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the instructor token comes from: the setting, else a private file made once and kept. */
class InstructorTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutASettingATokenIsMadeOnceKeptPrivateAndReused() throws Exception {
        InstructorToken.Loaded first = InstructorToken.load(Optional.empty(), dataDir);
        assertThat(first.made()).isTrue();
        assertThat(first.token()).hasSizeGreaterThanOrEqualTo(43);
        Path file = dataDir.resolve("instructor-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        InstructorToken.Loaded again = InstructorToken.load(Optional.empty(), dataDir);
        assertThat(again.made()).as("the second start makes none, so it prints none").isFalse();
        assertThat(again.token()).isEqualTo(first.token());
    }

    @Test
    void aSettingWinsAndMustNotBeShort() {
        assertThat(InstructorToken.load(Optional.of("a-long-enough-token-here"), dataDir).token()).isEqualTo("a-long-enough-token-here");
        assertThat(dataDir.resolve("instructor-token")).doesNotExist();
        assertThatThrownBy(() -> InstructorToken.load(Optional.of("short"), dataDir))
                .hasMessageContaining("at least 16");
    }

    @Test
    void aDamagedFileStopsTheStartWithWhatToDo() throws Exception {
        Files.writeString(dataDir.resolve("instructor-token"), "x\n");
        assertThatThrownBy(() -> InstructorToken.load(Optional.empty(), dataDir)).hasMessageContaining("Delete it");
    }
}
