package dev.dockerlab.lesson;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lines of a Killercoda script that need root, which Killercoda's learner is and dockerlab's is
 * not unless the scenario runs in a root sandbox: a scenario with such lines gets one (its
 * machine, {@code sandbox: root}), and the validator says which lines fail even there and why.
 * A guess from the text, so it only decides the default and warns.
 */
final class RootNeeds {

    private record Rule(Pattern pattern, String why) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(apt-get|apt|yum|dnf|apk|snap)\\s+(-\\S+\\s+)*(install|update|upgrade|add)\\b"),
                    "installs packages, which needs root: it fails here (the learner is uid 1000 and the image is read-only)"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(systemctl|service)\\s"),
                    "manages system services: a sandbox has no init system and no root, so it fails here"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)sudo\\s"),
                    "uses sudo: there is no sudo here and the learner is never root"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(mount|umount|useradd|adduser|usermod|chown|modprobe|sysctl|iptables)\\s"),
                    "needs root (mount, users, ownership, kernel settings, firewall): it fails here"),
            new Rule(Pattern.compile("(>>?|\\btee(\\s+-a)?|\\bcp\\b.*|\\bmv\\b.*|\\bmkdir\\b.*|\\btouch\\b.*|\\bln\\b.*)\\s*/(etc|usr|var|opt|bin|sbin|lib|srv)(/|\\s|$)"),
                    "writes under /etc, /usr, /var or /opt, which are read-only here: only ~ and /tmp can be written"),
            new Rule(Pattern.compile("(^|[\\s='\"(:])/root(/|\\s|$|['\"])"),
                    "uses /root, Killercoda's home folder: here the learner's home is /home/learner (~), and /root cannot be read"));

    /**
     * What stays out of reach of root in a root scenario's machine (a container of the learner's
     * rootless engine, with Docker's default capabilities): the rest of the lines above work there.
     */
    private static final List<Rule> MACHINE_RULES = List.of(
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(apt-get|apt)\\s+(-\\S+\\s+)*(install|update|upgrade)\\b"),
                    "installs packages from the Debian mirror: works only where the sandbox may reach one"
                            + " (dockerlab.sandbox.egress=internet, or a mirror in dockerlab.sandbox.egress-allow), and the"
                            + " machine is Debian 12, so an Ubuntu-only package name fails"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(yum|dnf|apk|snap)\\s+(-\\S+\\s+)*(install|update|upgrade|add)\\b"),
                    "uses another distribution's package manager: the machine is Debian (apt), so it fails"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(systemctl|service)\\s"),
                    "manages system services: the machine has no init system, so it fails (start the program itself, or in a container)"),
            new Rule(Pattern.compile("(^|[;&|(]\\s*)(sudo\\s+)?(mount|umount|modprobe|insmod|sysctl|iptables)\\s"),
                    "needs more than root of a container (mounts, kernel modules and settings, the firewall): it fails in the machine"));

    private RootNeeds() {
    }

    /** Why {@code line} will not work even as root in a root scenario's machine; empty when nothing says so. */
    static Optional<String> whyInMachine(String line) {
        return MACHINE_RULES.stream().filter(r -> r.pattern().matcher(line).find()).map(Rule::why).findFirst();
    }

    /** Why {@code line} will not work for a learner who is not root; empty when nothing says so. */
    static Optional<String> why(String line) {
        return RULES.stream().filter(r -> r.pattern().matcher(line).find()).map(Rule::why).findFirst();
    }
}
