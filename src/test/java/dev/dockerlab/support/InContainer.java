package dev.dockerlab.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/** Runs a command in a container the way an operator would with {@code docker exec}, for assertions. */
public final class InContainer {

    public record Result(long exitCode, String output) {
    }

    private InContainer() {
    }

    public static Result run(DockerClient docker, String containerId, String user, String script) {
        return run(docker, containerId, user, script, java.time.Duration.ofSeconds(30));
    }

    /** As {@link #run(DockerClient, String, String, String)}, waiting up to {@code wait} (a learner's own engine starting, pulling). */
    public static Result run(DockerClient docker, String containerId, String user, String script, java.time.Duration wait) {
        String exec = docker.execCreateCmd(containerId).withUser(user).withAttachStdout(true).withAttachStderr(true)
                .withCmd("/bin/sh", "-c", script).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            }).awaitCompletion(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8).trim());
    }

    public static Result asLearner(DockerClient docker, String containerId, String script) {
        return run(docker, containerId, "1000:1000", script);
    }

    /**
     * The terminal attaches running through {@code docker exec} (their parent is outside the
     * container, PID 0; the shell keeper's is the init) and the attach PID files they keep: one
     * each per open terminal.
     */
    public static String attachedClients(DockerClient docker, String containerId) {
        return asLearner(docker, containerId,
                "ps -e -o ppid=,args= | grep -c '^ *0 /usr/local/bin/dockerlab-shell attach';"
                        + " ls /tmp/.dockerlab/attach-*.pid 2>/dev/null | wc -l").output();
    }
}
