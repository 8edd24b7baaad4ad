package dev.dockerlab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Grafana dashboard in deploy/ asks only for series the server has, as docs/operations.md lists them. */
class DashboardTest {

    private static final Pattern SERIES = Pattern.compile("dockerlab_[a-z_]+");

    @Test
    void everySeriesTheDashboardQueriesIsOneTheOperationsPageDocuments() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy", "grafana", "dockerlab.json").toFile());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher m = SERIES.matcher(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
                }
            }
        }
        String operations = Files.readString(Path.of("docs", "operations.md"));
        Set<String> documented = new TreeSet<>();
        for (String line : operations.lines().toList()) {
            for (Matcher each = SERIES.matcher(line); line.startsWith("| `dockerlab_") && each.find();) {
                documented.add(each.group());
            }
        }
        assertThat(queried).as("series the dashboard queries").isNotEmpty();
        assertThat(documented).as("series docs/operations.md documents").containsAll(queried);
    }
}
