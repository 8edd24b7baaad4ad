import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The figures: each printed beside its baseline as it is measured, and the whole table written to target/bench-results.md. */
final class Report {

    private static final List<String[]> ROWS = new ArrayList<>();

    private Report() {
    }

    /** The value at this percentile (nearest rank); 50 is the median, 100 the maximum. */
    static double p(List<Double> values, double percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static synchronized void row(String what, double measured, double baseline, String target) {
        String ratio = baseline == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", measured / baseline);
        ROWS.add(new String[] {what, fmt(measured), fmt(baseline), ratio, target});
        System.out.printf(Locale.ROOT, "%-62s %12s %12s %8s  %s%n", what, fmt(measured), fmt(baseline), ratio, target);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) > 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static synchronized void write() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(Bench.RUN).append(", ").append(Instant.now()).append(", ").append(machine()).append("\n\n");
        md.append("| figure | dockerlab | baseline | ratio | target / note |\n|---|---:|---:|---:|---|\n");
        for (String[] r : ROWS) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Path out = Path.of("target", "bench-results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println("\n" + md + "\n(written to " + out + ")");
    }

    /** Cores, CPU model, memory, engine and Java versions: what a figure means depends on them. */
    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
            return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + (meminfo("MemTotal:") >> 30) + " GiB, Docker " + Sandboxes.engineVersion()
                    + ", Java " + System.getProperty("java.version");
        } catch (Exception e) {
            return "?";
        }
    }

    /** A line of /proc/meminfo, in bytes. */
    static long meminfo(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }
}
