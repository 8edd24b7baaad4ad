package dev.dockerlab.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What sandboxes may connect to beyond the host, as the iptables rules that enforce it. Traffic
 * a sandbox sends out of its bridge is forwarded by the host, so the rules sit in Docker's
 * {@code DOCKER-USER} chain (Docker leaves it to operators and never rewrites it), in a chain of
 * their own per bridge that every start rebuilds from the settings.
 *
 * <p>{@code internet}: public addresses only. Never link-local (169.254.169.254 is a cloud's
 * metadata service, with the instance's credentials), private, shared or loopback ranges, nor any
 * network the host has an address in (its LAN, whatever its range). {@code none}: nothing. In
 * both, the operator's exceptions first, and DNS to the host's own resolvers (Docker's resolver
 * asks them on the sandbox's behalf, and they are often on the LAN). The host itself is the
 * separate INPUT rule of {@link HostFirewall}.
 */
record EgressRules(SandboxConfig.Egress egress, List<String> allow) {

    /** Ranges no sandbox may reach in {@code internet} mode (IANA special-purpose IPv4 blocks that are not the public internet). */
    static final List<String> NOT_INTERNET = List.of(
            "0.0.0.0/8", // "this network"
            "10.0.0.0/8", // private (RFC 1918)
            "100.64.0.0/10", // shared address space (carrier-grade NAT; some clouds' internal services)
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local: cloud metadata services
            "172.16.0.0/12", // private (RFC 1918)
            "192.0.0.0/24", // IETF protocol assignments
            "192.168.0.0/16", // private (RFC 1918)
            "198.18.0.0/15", // benchmarking
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved and broadcast

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    /** @throws IllegalArgumentException naming the setting when an exception is not an IPv4 address or CIDR */
    EgressRules {
        allow = List.copyOf(allow);
        for (String cidr : allow) {
            if (!valid(cidr)) {
                throw new IllegalArgumentException("dockerlab.sandbox.egress-allow: \"" + cidr + "\" is not an IPv4 address or"
                        + " CIDR (for example 10.0.5.20 or 10.0.5.0/24)");
            }
        }
    }

    static EgressRules of(SandboxConfig config) {
        return new EgressRules(config.egress(), config.egressAllow().orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
    }

    private static boolean valid(String cidr) {
        Matcher m = CIDR.matcher(cidr);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return m.group(5) == null || Integer.parseInt(m.group(5)) <= 32;
    }

    /** The chain of one sandbox bridge (iptables allows 28 characters: 12 + the bridge's 15). */
    static String chain(String bridge) {
        return "DLAB-EGRESS-" + bridge;
    }

    /** The jump from DOCKER-USER, as an operator would type it. */
    static String jump(String bridge) {
        return "DOCKER-USER -i " + bridge + " -j " + chain(bridge);
    }

    /**
     * A shell script for a container on the host's network with NET_ADMIN: (re)builds the chain,
     * then puts the jump in place. Safe to run again; the chain is emptied and filled in one run.
     */
    String script(String bridge) {
        String c = chain(bridge);
        List<String> lines = new ArrayList<>();
        lines.add("set -e");
        lines.add("iptables -N " + c + " 2>/dev/null || iptables -F " + c);
        for (String cidr : allow) {
            lines.add("iptables -A " + c + " -d " + cidr + " -j RETURN");
        }
        lines.add("for ns in $(awk '$1 == \"nameserver\" && $2 ~ /^[0-9.]+$/ {print $2}' /etc/resolv.conf); do"
                + " for p in udp tcp; do iptables -A " + c + " -d \"$ns\" -p $p --dport 53 -j RETURN; done; done");
        if (egress == SandboxConfig.Egress.NONE) {
            lines.add("iptables -A " + c + " -j REJECT");
        } else {
            lines.add("for net in " + String.join(" ", NOT_INTERNET)
                    + " $(ip -o -4 addr show scope global | awk '{print $4}'); do iptables -A " + c + " -d \"$net\" -j REJECT; done");
        }
        lines.add("iptables -C " + jump(bridge) + " 2>/dev/null || iptables -I " + jump(bridge));
        return String.join("\n", lines) + "\n";
    }

    /** What the log says once the rules are in place. */
    String describe() {
        return (egress == SandboxConfig.Egress.NONE ? "Sandboxes reach nothing beyond the host"
                : "Sandboxes reach the public internet only (no link-local, private or host networks)")
                + (allow.isEmpty() ? "" : ", and " + String.join(", ", allow));
    }
}
