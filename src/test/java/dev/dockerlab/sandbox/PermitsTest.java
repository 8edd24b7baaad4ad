package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PermitsTest {

    @Test
    void aKeyGetsAtMostItsShareAndEveryoneTogetherAtMostTheTotal() {
        Permits permits = new Permits(3, 2);
        var a1 = permits.tryAcquire("a").orElseThrow();
        var a2 = permits.tryAcquire("a").orElseThrow();
        assertThat(permits.tryAcquire("a")).as("a third for one key").isEmpty();
        var b1 = permits.tryAcquire("b").orElseThrow();
        assertThat(permits.tryAcquire("c")).as("beyond the total").isEmpty();
        a1.close();
        a1.close();
        assertThat(permits.tryAcquire("c")).as("a released permit is free again, once").isPresent().get()
                .satisfies(Permits.Permit::close);
        a2.close();
        b1.close();
        assertThat(permits.keys()).as("keys left behind").isZero();
    }
}
