package dev.dockerlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.dockerlab.sandbox.SandboxService;
import dev.dockerlab.support.Learner;
import dev.dockerlab.support.TerminalClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Ways out of a container, typed into the learner's shell: every one must be refused. */
@QuarkusTest
class EscapeProbesTest {

    private static final Map<String, String> PROBES = new LinkedHashMap<>();

    static {
        PROBES.put("mount", "mkdir -p /tmp/m && mount -t tmpfs none /tmp/m");
        PROBES.put("unshare-user", "unshare -r id");
        PROBES.put("unshare-mount", "unshare -m true");
        PROBES.put("mknod", "mknod /tmp/null c 1 3");
        PROBES.put("nsenter", "nsenter -t 1 -m -u -i -n -p true");
        PROBES.put("chroot", "chroot / true");
        PROBES.put("proc-sys", "echo '|/tmp/pwn' > /proc/sys/kernel/core_pattern");
        PROBES.put("sysrq", "echo h > /proc/sysrq-trigger");
        PROBES.put("kmsg", "head -c1 /dev/kmsg");
        PROBES.put("docker-socket", "curl -s -m 2 --unix-socket /var/run/docker.sock http://engine/version");
        PROBES.put("docker-socket-run", "curl -s -m 2 --unix-socket /run/docker.sock http://engine/version");
        PROBES.put("su", "su -c id root </dev/null");
        PROBES.put("setuid-search", "test -n \"$(find / -xdev -perm /6000 -type f 2>/dev/null)\"");
        PROBES.put("file-caps", "test -n \"$(getcap -r / 2>/dev/null)\"");
        PROBES.put("net-admin", "ip link add x type dummy");
        PROBES.put("write-image", "touch /usr/bin/pwn");
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SandboxService sandboxes;

    @Test
    void everyEscapeProbeFailsAndTheHostIsUnchanged() throws Exception {
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        Learner learner = Learner.arrive(base);
        try (TerminalClient terminal = learner.terminal(base)) {
            terminal.await("learner@sandbox");
            StringBuilder script = new StringBuilder();
            PROBES.forEach((name, command) -> script.append("( ").append(command).append(" ) >/dev/null 2>&1; echo ")
                    .append(name).append("=$?; "));
            String results = terminal.run(script.toString());
            Map<String, String> outcome = new LinkedHashMap<>();
            results.lines().map(l -> l.split("=", 2)).filter(p -> p.length == 2).forEach(p -> outcome.put(p[0], p[1]));

            assertThat(outcome.keySet()).as("every probe ran").containsExactlyElementsOf(PROBES.keySet());
            outcome.forEach((name, code) -> assertThat(code).as("probe %s (%s) must fail", name, PROBES.get(name)).isNotEqualTo("0"));
            assertThat(terminal.run("id -u")).as("still the learner").isEqualTo("1000");
        } finally {
            sandboxes.reset(learner.id());
        }
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).as("the host's core_pattern").isEqualTo(corePattern);
    }
}
