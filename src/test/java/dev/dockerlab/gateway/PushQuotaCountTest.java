package dev.dockerlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the push quota counts, without a registry: what the registry keeps, then every byte uploaded. */
class PushQuotaCountTest {

    @Test
    void aLearnersCountStartsAtWhatTheRegistryKeepsForThem() {
        PushQuota quota = new PushQuota(100);
        assertThat(quota.known("a")).isFalse();
        quota.start("a", 60);
        assertThat(quota.known("a")).isTrue();
        assertThat(quota.remaining("a")).isEqualTo(40);
        assertThat(quota.take("a", 41)).as("41 bytes more than 60 of 100").isFalse();
        assertThat(quota.take("a", 40)).isTrue();
        assertThat(quota.remaining("a")).isZero();
        assertThat(quota.remaining("b")).as("another learner").isEqualTo(100);
    }

    @Test
    void whatWasCountedIsNotReplacedByALaterReadOfTheRegistry() {
        PushQuota quota = new PushQuota(100);
        assertThat(quota.take("a", 30)).isTrue();
        quota.start("a", 0);
        assertThat(quota.used("a")).isEqualTo(30);
    }
}
