package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The registry gate's opening in the host's firewall against a stop that comes while the start is
 * still setting the network's rules (a server stopped right after it answered ready). Only the
 * container that runs iptables is replaced: the scripts are recorded, and the rule's last word in
 * them is what the host's firewall would hold.
 */
class HostFirewallTest {

    private static final String NETWORK = "0123456789abcdef";
    private static final String ADDRESS = "172.18.0.1";
    private static final int PORT = 40125;
    private static final String OPENING = HostFirewall.openingRule(HostFirewall.bridgeOf(NETWORK), ADDRESS, PORT);

    private final List<String> scripts = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRunEntered = new CountDownLatch(1);
    private final CountDownLatch firstRunMayEnd = new CountDownLatch(1);

    private final HostFirewall firewall = new HostFirewall(true, new EgressRules(SandboxConfig.Egress.INTERNET, List.of()),
            () -> true, script -> {
                boolean first = scripts.isEmpty();
                scripts.add(script);
                if (first) {
                    firstRunEntered.countDown();
                    await(firstRunMayEnd);
                }
            });

    @Test
    void aStopWhileTheRulesAreBeingSetRemovesTheOpeningOnceTheyAreSet() throws Exception {
        // the gate listens before the network's rules are set: its opening is remembered, set with them
        firewall.openPort(NETWORK, ADDRESS, PORT, true);
        assertThat(scripts).isEmpty();
        Thread setUp = Thread.ofPlatform().start(() -> firewall.ensure(NETWORK, true));
        assertThat(firstRunEntered.await(10, TimeUnit.SECONDS)).as("the set-up runs iptables").isTrue();

        Thread stop = Thread.ofPlatform().start(() -> firewall.openPort(NETWORK, ADDRESS, PORT, false));
        waitUntilBlockedOrEnded(stop);
        firstRunMayEnd.countDown();
        setUp.join(10_000);
        stop.join(10_000);

        assertThat(scripts.getFirst()).as("the set-up's script opens the gate's port").contains("iptables -I " + OPENING);
        assertThat(openingLeftSet()).as("the host keeps no opening for a gate that stopped; scripts run: " + scripts)
                .isFalse();
    }

    @Test
    void aStopBeforeTheRulesAreSetMeansTheyAreSetWithoutTheOpening() {
        firewall.openPort(NETWORK, ADDRESS, PORT, true);
        firewall.openPort(NETWORK, ADDRESS, PORT, false);
        firstRunMayEnd.countDown();
        firewall.ensure(NETWORK, true);

        assertThat(scripts).hasSize(1);
        assertThat(scripts.getFirst()).as("the network is still protected").contains(HostFirewall.rule(HostFirewall.bridgeOf(NETWORK)))
                .doesNotContain("--dport " + PORT);
    }

    @Test
    void anOpeningAfterTheRulesAreSetIsSetAtOnceAndTakenBackAtOnce() {
        firstRunMayEnd.countDown();
        firewall.ensure(NETWORK, true);
        firewall.openPort(NETWORK, ADDRESS, PORT, true);
        assertThat(openingLeftSet()).isTrue();
        firewall.openPort(NETWORK, ADDRESS, PORT, false);
        assertThat(openingLeftSet()).isFalse();
        assertThat(scripts).hasSize(3);
    }

    /** Whether the last script that touched the opening inserted it. */
    private boolean openingLeftSet() {
        boolean set = false;
        for (String script : scripts) {
            if (script.contains("iptables -I " + OPENING)) {
                set = true;
            }
            if (script.contains("iptables -D " + OPENING)) {
                set = false;
            }
        }
        return set;
    }

    /** A thread that would take the opening back at once if nothing held it, or that waits for the set-up. */
    private static void waitUntilBlockedOrEnded(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.isAlive() && thread.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
