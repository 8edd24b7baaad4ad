package dev.dockerlab.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dockerlab.support.Learner;
import dev.dockerlab.support.ServerProcess;
import dev.dockerlab.support.TerminalClient;

/** A service manager's stop (SIGTERM) of the packaged server while learners have terminals open. */
class QuietStopIT {

    /** The first line of a stack trace printed without a log line of its own (by a library, on stderr). */
    private static final Pattern STACK_TRACE_HEAD = Pattern.compile("^(Caused by: |Exception in thread .*)?[\\w.$]+(Exception|Error)(: .*)?$");

    private ServerProcess server;
    private String instance;

    @AfterEach
    void cleanUp() {
        ServerProcess.closeAll(instance, server);
    }

    @Test
    void aNormalStopWithTerminalsOpenTellsThemAndLogsNoErrorAndNoStackTrace() {
        instance = "quiet-stop-it-" + Long.toHexString(System.nanoTime());
        server = ServerProcess.start(instance, ServerProcess.freePort(), Map.of(),
                "-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.sandbox.pool-size=1");
        Learner first = Learner.arrive(server.base());
        Learner second = Learner.arrive(server.base());
        try (TerminalClient one = first.terminal(server.base());
                TerminalClient two = first.terminal(server.base());
                TerminalClient three = second.terminal(server.base())) {
            for (TerminalClient t : new TerminalClient[] {one, two, three}) {
                t.await("learner@sandbox");
            }
            // output in flight as the server stops
            one.type("while true; do echo busy; sleep 0.05; done\r");
            one.await("busy");

            server.stop();

            for (TerminalClient t : new TerminalClient[] {one, two, three}) {
                assertThat(t.awaitClose(Duration.ofSeconds(10)))
                        .as("going away: the page reconnects on its own, to the next server").isEqualTo(CloseCodes.GOING_AWAY);
                assertThat(t.textMessages()).as("the learner reads why")
                        .anyMatch(m -> m.contains("\"error\"") && m.contains("shutting down") && m.contains("Reconnecting"));
            }
        }
        String log = server.log();
        assertThat(log).as("the server stopped").contains("stopped in");
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.contains("Error Occurred After Shutdown")
                || l.startsWith("\tat ") || STACK_TRACE_HEAD.matcher(l).matches()))
                .as("a normal stop logs no error and no stack trace; the log:%n%s", log).isEmpty();
    }
}
