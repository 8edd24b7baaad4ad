package dev.dockerlab.log;

/**
 * Text from outside (a request's path or header, a lesson author's file name) made safe for one
 * log line: a decoded newline could otherwise start a forged line of its own, and an escape
 * sequence could rewrite an operator's terminal. Control characters become visible escapes and
 * long values are cut, so a log line says what came in without obeying it.
 */
public final class LogText {

    /** Enough to recognise a value, short enough that one request cannot fill the log. */
    static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** {@code value} with every control character escaped ({@code \n}, {@code \u001b}), cut after {@link #MAX_CHARS}. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        int end = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    // C0, DEL, C1 and the Unicode line and paragraph separators all end or bend a line somewhere
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > end) {
            out.append("…(").append(text.length() - end).append(" more)");
        }
        return out.toString();
    }
}
