package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.InContainer;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Finding 10 of the outside test: Docker's DNS on the sandbox network answers a reverse lookup of
 * any address there with the container's name. That name must not tell a neighbour whose sandbox
 * it is: not their learner hash (their label and the name of their push space).
 */
@QuarkusTest
class ReverseDnsTest {

    /** A DNS query for ADDRESS's PTR record, sent to Docker's embedded DNS; the answer's bytes, names readable. */
    private static final String PTR_QUERY = """
            bash <<'EOS'
            q='\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00'
            for o in $(echo ADDRESS | awk -F. '{print $4" "$3" "$2" "$1}'); do q="$q$(printf '\\\\x%02x' ${#o})$o"; done
            q="$q\\x07in-addr\\x04arpa\\x00\\x00\\x0c\\x00\\x01"
            exec 3<>/dev/udp/127.0.0.11/53
            printf "$q" >&3
            timeout 3 cat <&3 | tr -c '[:alnum:].-' ' '
            echo
            EOS
            """;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void aReverseLookupOfANeighboursAddressDoesNotNameTheirLearner() {
        Learner asker = Learner.arrive(base);
        Learner neighbour = Learner.arrive(base);
        try (TerminalClient theirs = neighbour.terminal(base); TerminalClient mine = asker.terminal(base)) {
            theirs.await("learner@sandbox");
            mine.await("learner@sandbox");
            // a sandbox joins its network just after its shell starts
            String neighbourId = sandboxes.find(neighbour.id()).orElseThrow().containerId();
            String address = addressOnItsNetwork(neighbourId);
            String askerId = sandboxes.find(asker.id()).orElseThrow().containerId();
            addressOnItsNetwork(askerId);

            // What Docker's DNS publishes for the neighbour on the sandbox network: its container
            // name and the endpoint's names (the PTR answer is the name, on network .<network>).
            var inspect = HostDocker.client().inspectContainerCmd(neighbourId).exec();
            List<String> published = new ArrayList<>(List.of(inspect.getName()));
            inspect.getNetworkSettings().getNetworks().values().forEach(n -> {
                if (n.getAliases() != null) {
                    published.addAll(n.getAliases());
                }
            });
            assertThat(published).as("the names Docker's DNS gives the neighbour's sandbox")
                    .noneMatch(name -> name.contains(neighbour.id().hash()));

            // And asked from the learner's shell: Docker's embedded DNS itself (127.0.0.11), a
            // PTR query for the neighbour's address, as bytes over UDP; and the system resolver.
            String answer = InContainer.asLearner(HostDocker.client(), askerId, PTR_QUERY.replace("ADDRESS", address)).output();
            String viaResolver = mine.run("getent hosts " + address + " || echo no-name", Duration.ofSeconds(30));
            assertThat(answer + "\n" + viaResolver).as("what the reverse lookups of %s answer", address)
                    .doesNotContain(neighbour.id().hash())
                    .doesNotContain(asker.id().hash());
        } finally {
            sandboxes.reset(asker.id());
            sandboxes.reset(neighbour.id());
        }
    }

    private String addressOnItsNetwork(String containerId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> HostDocker.client()
                .inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isBlank()).findFirst().orElse(""),
                ip -> !ip.isEmpty());
    }
}
