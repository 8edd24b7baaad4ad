package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ScreenTailTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aTailThatNeverWrappedIsEverythingWritten() {
        ScreenTail tail = new ScreenTail(64);
        tail.append(b("$ ls\r\n"));
        tail.append(b("a  b\r\n$ "));
        assertThat(s(tail.snapshot())).isEqualTo("$ ls\r\na  b\r\n$ ");
    }

    @Test
    void aWrappedTailStartsAfterItsFirstLineBreakSoNeverInsideAnEscapeSequence() {
        ScreenTail tail = new ScreenTail(16);
        tail.append(b("\u001b[31mred\u001b[0m line one\nline two\n$ "));
        String shown = s(tail.snapshot());
        assertThat(shown).isEqualTo("line two\n$ ");
        assertThat(shown).doesNotContain("\u001b");
    }

    @Test
    void manySmallWritesAroundTheRingKeepTheLatestBytesInOrder() {
        ScreenTail tail = new ScreenTail(10);
        for (int i = 0; i < 25; i++) {
            tail.append(b(i % 5 == 4 ? "\n" : String.valueOf((char) ('a' + i))));
        }
        // written: abcd\nfghi\nklmn\npqrs\nuvwx\n; the last 10 are "pqrs\nuvwx\n", cut after the first break
        assertThat(s(tail.snapshot())).isEqualTo("uvwx\n");
        assertThat(tail.written()).isEqualTo(25);
    }

    @Test
    void oneWriteLargerThanTheRingKeepsItsEnd() {
        ScreenTail tail = new ScreenTail(8);
        tail.append(b("0123456789\nabcdef"));
        assertThat(s(tail.snapshot())).isEqualTo("abcdef");
    }
}
