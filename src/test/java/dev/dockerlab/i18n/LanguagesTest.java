package dev.dockerlab.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {

    @Test
    void theQueryBeatsTheCookieWhichBeatsAcceptLanguage() {
        assertThat(Languages.resolve("ko", "en", "en")).isEqualTo("ko");
        assertThat(Languages.resolve(null, "ko", "en-US")).isEqualTo("ko");
        assertThat(Languages.resolve(null, null, "ko-KR,ko;q=0.9,en;q=0.8")).isEqualTo("ko");
    }

    @Test
    void acceptLanguageIsReadByItsWeights() {
        assertThat(Languages.resolve(null, null, "fr;q=1.0, en;q=0.9, ko;q=0.5")).isEqualTo("en");
        assertThat(Languages.resolve(null, null, "fr, ko;q=0.7")).isEqualTo("ko");
    }

    @Test
    void anythingUnknownOrMalformedFallsBackToEnglish() {
        assertThat(Languages.resolve("xx", "<script>", "fr-FR")).isEqualTo("en");
        assertThat(Languages.resolve(null, null, ";;;q=abc")).isEqualTo("en");
        assertThat(Languages.resolve(null, null, null)).isEqualTo("en");
    }
}
