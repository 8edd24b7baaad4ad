package dev.dockerlab.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LearnerIdTest {

    @Test
    void generatedIdsAreLongRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            LearnerId id = LearnerId.generate();
            assertThat(id.value()).matches("[A-Za-z0-9_-]{43}");
            seen.add(id.value());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void theHashIsSixteenHexDigitsOfSha256AndHidesTheSecret() {
        LearnerId id = new LearnerId("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        // sha256("AAAA...A" x43) starts with these 8 bytes
        assertThat(id.hash()).matches("[0-9a-f]{16}").isEqualTo(sha256Prefix(id.value()));
        assertThat(id.toString()).doesNotContain(id.value());
    }

    @Test
    void malformedCookiesAreNoLearner() {
        assertThat(LearnerId.parse(null)).isEmpty();
        assertThat(LearnerId.parse("")).isEmpty();
        assertThat(LearnerId.parse("short")).isEmpty();
        assertThat(LearnerId.parse("A".repeat(42) + "!")).isEmpty();
        assertThat(LearnerId.parse("A".repeat(44))).isEmpty();
        assertThat(LearnerId.parse("A".repeat(43))).isPresent();
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes());
            return java.util.HexFormat.of().formatHex(d).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
