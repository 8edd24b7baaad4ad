package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class CreditTest {

    @Test
    void sendingStopsAtTheWindowAndAnAckReleasesIt() throws Exception {
        Credit credit = new Credit(1000);
        assertThat(credit.take(600)).isTrue();
        assertThat(credit.take(400)).isTrue();
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return credit.take(10);
            } catch (InterruptedException e) {
                return false;
            }
        });
        try {
            blocked.get(200, TimeUnit.MILLISECONDS);
            throw new AssertionError("the window is full: take must wait");
        } catch (TimeoutException expected) {
            // waiting, as it should
        }
        credit.ack(600);
        assertThat(blocked.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(credit.unacked()).isEqualTo(410);
    }

    @Test
    void closingReleasesAWaitingSenderAndOverAckingCannotGoNegative() throws Exception {
        Credit credit = new Credit(10);
        credit.take(10);
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return credit.take(5);
            } catch (InterruptedException e) {
                return true;
            }
        });
        credit.close();
        assertThat(blocked.get(2, TimeUnit.SECONDS)).isFalse();
        Credit other = new Credit(10);
        other.ack(1_000_000);
        assertThat(other.unacked()).isZero();
        assertThat(other.take(50)).as("a frame bigger than the window goes alone").isTrue();
    }

    @Test
    void tryTakeTakesWhatFitsAndNeverWaits() {
        Credit credit = new Credit(1000);
        assertThat(credit.tryTake(5000)).as("a frame bigger than the window goes alone").isTrue();
        assertThat(credit.tryTake(1)).as("the window is full").isFalse();
        assertThat(credit.unacked()).as("a refused tryTake takes nothing").isEqualTo(5000);
        credit.ack(5000);
        assertThat(credit.tryTake(1000)).isTrue();
        credit.close();
        credit.ack(1000);
        assertThat(credit.tryTake(1)).as("closed").isFalse();
    }
}
