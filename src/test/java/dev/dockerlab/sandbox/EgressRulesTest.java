package dev.dockerlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class EgressRulesTest {

    @Test
    void internetRefusesMetadataPrivateAndHostNetworksAfterTheOperatorsExceptionsAndDns() {
        String script = new EgressRules(SandboxConfig.Egress.INTERNET, List.of("10.0.5.20/32")).script("br-0123456789ab");
        assertThat(script).contains("iptables -A DLAB-EGRESS-br-0123456789ab -d 10.0.5.20/32 -j RETURN")
                .contains("169.254.0.0/16").contains("10.0.0.0/8").contains("172.16.0.0/12").contains("192.168.0.0/16")
                .contains("100.64.0.0/10").contains("ip -o -4 addr show scope global").contains("--dport 53")
                .contains("iptables -I DOCKER-USER -i br-0123456789ab -j DLAB-EGRESS-br-0123456789ab");
        assertThat(script.indexOf("10.0.5.20/32")).as("exceptions come first").isLessThan(script.indexOf("169.254.0.0/16"));
        assertThat(EgressRules.chain("br-0123456789ab")).hasSizeLessThanOrEqualTo(28);
    }

    @Test
    void noneRefusesEverythingButTheExceptions() {
        String script = new EgressRules(SandboxConfig.Egress.NONE, List.of()).script("br-0123456789ab");
        assertThat(script).contains("iptables -A DLAB-EGRESS-br-0123456789ab -j REJECT").doesNotContain("169.254.0.0/16");
    }

    @Test
    void anExceptionThatIsNotACidrStopsTheStartNamingTheSetting() {
        for (String bad : List.of("10.0.0.0/33", "300.1.1.1", "10.0.0.1; reboot", "example.org")) {
            assertThatThrownBy(() -> new EgressRules(SandboxConfig.Egress.INTERNET, List.of(bad)))
                    .hasMessageContaining("dockerlab.sandbox.egress-allow");
        }
    }
}
