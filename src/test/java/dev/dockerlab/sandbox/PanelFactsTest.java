package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;

import dev.dockerlab.sandbox.PanelFacts.Limits;
import dev.dockerlab.sandbox.PanelFacts.Section;

/** The panel's pure parts: namespace identities, usage against limits from one stats sample, section names. */
class PanelFactsTest {

    private static final Limits LIMITS = new Limits(null, 512L << 20, null, 1.0, null, 256L, 0);

    @Test
    void aNamespaceLinkReadsAsItsNumber() {
        assertThat(PanelFacts.identity("pid:[4026532336]\n")).isEqualTo("4026532336");
        assertThat(PanelFacts.identity("")).isEmpty();
        assertThat(PanelFacts.identity("odd")).isEqualTo("odd");
    }

    @Test
    void oneStatsSampleGivesMemoryProcessesAndCpuAsDockerStatsCountsIt() throws Exception {
        Statistics s = new ObjectMapper().readValue("""
                {"memory_stats": {"usage": 104857600, "limit": 536870912},
                 "pids_stats": {"current": 7},
                 "cpu_stats": {"cpu_usage": {"total_usage": 1500000000}, "system_cpu_usage": 20000000000, "online_cpus": 2},
                 "precpu_stats": {"cpu_usage": {"total_usage": 1000000000}, "system_cpu_usage": 18000000000, "online_cpus": 2}}
                """, Statistics.class);
        Limits l = PanelFacts.withUsage(LIMITS, s, 2);
        assertThat(l.memoryBytes()).isEqualTo(104857600L);
        assertThat(l.memoryLimitBytes()).isEqualTo(512L << 20);
        assertThat(l.pids()).isEqualTo(7L);
        assertThat(l.pidsLimit()).isEqualTo(256L);
        // 0.5 s of CPU in 2 s of the system's time on 2 CPUs: half a core
        assertThat(l.cpuPercent()).isEqualTo(50.0);
        assertThat(l.oomKills()).isEqualTo(2);
    }

    @Test
    void aFirstSampleWithoutAPreviousOneHasNoCpuFigure() throws Exception {
        Statistics s = new ObjectMapper().readValue("""
                {"memory_stats": {"usage": 1}, "cpu_stats": {"cpu_usage": {"total_usage": 5}, "system_cpu_usage": 9},
                 "precpu_stats": {"cpu_usage": {}}}
                """, Statistics.class);
        assertThat(PanelFacts.withUsage(LIMITS, s, 0).cpuPercent()).isNull();
    }

    @Test
    void sectionsAreKnownByTheirLowerCaseNameOnly() {
        assertThat(Section.of("layers")).contains(Section.LAYERS);
        assertThat(Section.of("LAYERS")).isEmpty();
        assertThat(Section.of(null)).isEmpty();
        assertThat(Section.of("../processes")).isEmpty();
    }
}
