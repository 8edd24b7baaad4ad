package dev.dockerlab.lesson;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lines of a Killercoda script that need root, which Killercoda's learner is and dockerlab's is
 * not: the validator says which will fail and why, so an author can change the scenario or the
 * operator can know what to expect. A guess from the text, so it only warns.
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

    private RootNeeds() {
    }

    /** Why {@code line} will not work for a learner who is not root; empty when nothing says so. */
    static Optional<String> why(String line) {
        return RULES.stream().filter(r -> r.pattern().matcher(line).find()).map(Rule::why).findFirst();
    }
}
