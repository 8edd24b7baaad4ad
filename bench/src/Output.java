import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** What a terminal has shown: a byte count and the last few KiB, for waiting on a marker. */
final class Output {

    private final AtomicLong count = new AtomicLong();
    private final StringBuffer tail = new StringBuffer();

    void record(byte[] bytes) {
        tail.append(new String(bytes, StandardCharsets.ISO_8859_1));
        if (tail.length() > 8192) {
            tail.delete(0, tail.length() - 4096);
        }
        count.addAndGet(bytes.length);
    }

    long count() {
        return count.get();
    }

    void awaitBytes(long n, Duration timeout) {
        Waits.until(() -> count.get() >= n, timeout.toMillis());
    }

    /** The first group of the pattern once the tail shows it. */
    String awaitMatch(java.util.regex.Pattern pattern, Duration timeout) {
        Waits.until(() -> pattern.matcher(tail.toString()).find(), timeout.toMillis());
        java.util.regex.Matcher m = pattern.matcher(tail.toString());
        m.find();
        return m.group(1);
    }

    /** The last lines shown, escape sequences dropped: what a failed step printed. */
    String lastLines(int n) {
        String[] lines = tail.toString().replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "").replace("\r", "").split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length)).strip();
    }

    void awaitText(String text, Duration timeout) {
        Waits.until(() -> tail.toString().contains(text), timeout.toMillis());
    }
}
