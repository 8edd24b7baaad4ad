package dev.dockerlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Join codes: drawn from the unambiguous alphabet, read leniently, never mistaken for something else. */
class JoinCodesTest {

    @Test
    void aCodeIsEightCharactersWithoutILOOrU() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = JoinCodes.generate();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{8}");
            seen.add(code);
        }
        assertThat(seen).as("40 random bits: no repeats in ten thousand").hasSize(10_000);
    }

    @Test
    void aTypedCodeIsReadAsPeopleTypeIt() {
        assertThat(JoinCodes.normalize("abcd-2345")).contains("ABCD2345");
        assertThat(JoinCodes.normalize(" ABCD 2345 ")).contains("ABCD2345");
        assertThat(JoinCodes.normalize("OIL0-2345")).as("O, I and L read as 0, 1, 1").contains("01102345");
        assertThat(JoinCodes.display("ABCD2345")).isEqualTo("ABCD-2345");
    }

    @Test
    void anythingElseIsNoCode() {
        assertThat(JoinCodes.normalize(null)).isEmpty();
        assertThat(JoinCodes.normalize("")).isEmpty();
        assertThat(JoinCodes.normalize("ABCD234")).as("too short").isEmpty();
        assertThat(JoinCodes.normalize("ABCD23456")).as("too long").isEmpty();
        assertThat(JoinCodes.normalize("ABCU2345")).as("U is not in the alphabet").isEmpty();
        assertThat(JoinCodes.normalize("ABCD'2345")).isEmpty();
        assertThat(JoinCodes.normalize("A".repeat(1000))).isEmpty();
    }
}
