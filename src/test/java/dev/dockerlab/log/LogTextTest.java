package dev.dockerlab.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersBecomeVisibleEscapesSoOneValueStaysOnOneLine() {
        assertThat(LogText.of("x\nINFO forged\r\u0000\u001b[2J\t\\\u0085\u2028é"))
                .isEqualTo("x\\nINFO forged\\r\\u0000\\u001b[2J\\t\\\\\\u0085\\u2028é")
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
        assertThat(LogText.of("a".repeat(LogText.MAX_CHARS + 50))).isEqualTo("a".repeat(LogText.MAX_CHARS) + "…(50 more)");
        assertThat(LogText.of(null)).isEqualTo("null");
    }
}
