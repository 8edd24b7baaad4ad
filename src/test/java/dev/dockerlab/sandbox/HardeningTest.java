package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.MemorySize;

class HardeningTest {

    private static String size(long bytes) {
        return Hardening.tmpfsSize(new MemorySize(BigInteger.valueOf(bytes)));
    }

    @Test
    void tmpfsSizesReadAsTheOperatorWroteThem() {
        assertThat(size(256L << 20)).isEqualTo("256m");
        assertThat(size(1L << 30)).isEqualTo("1g");
        assertThat(size(64L << 10)).isEqualTo("64k");
        assertThat(size(1536L << 20)).as("not whole gigabytes").isEqualTo("1536m");
        assertThat(size(1000)).isEqualTo("1000");
        assertThat(size(4L << 40)).as("no unit beyond g").isEqualTo("4096g");
    }
}
