package dev.dockerlab.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Without a Korean sentence for a key, a Korean page would quietly show the English one. */
class TranslationTest {

    @Test
    void everySentenceOfTheInterfaceHasAKoreanTranslation() throws Exception {
        Properties korean = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/messages/msg_ko.properties")) {
            korean.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(korean.stringPropertyNames()).as("keys of msg_ko.properties")
                .containsAll(Arrays.stream(AppMessages.class.getDeclaredMethods()).map(Method::getName).toList());
    }
}
