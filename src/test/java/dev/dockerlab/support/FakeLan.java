package dev.dockerlab.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;

/**
 * Stand-ins for what lies beyond a sandbox's bridge on a real server: the host's LAN, a cloud's
 * metadata service, a LAN mirror and a public address, all answered by one web server in a
 * container behind a veth pair that the host routes to like any other network (not a Docker
 * bridge, which Docker's own isolation would already cut off). Each address answers HTTP on
 * port 80 and logs every request, so the test can read from the host what arrived.
 */
public final class FakeLan implements AutoCloseable {

    /** Host side of the link (a network the host has an address in, like its LAN). */
    public static final String HOST_SIDE = "10.99.77.1";
    public static final String LAN = "10.99.77.2";
    public static final String METADATA = "169.254.169.254";
    public static final String MIRROR = "10.99.78.2";
    /** A public address (TEST-NET-2), standing in for the internet. */
    public static final String PUBLIC = "198.51.100.7";
    private static final String VETH = "dlabfakelan0";

    private final DockerClient docker;
    private final String server;

    private FakeLan(DockerClient docker, String server) {
        this.docker = docker;
        this.server = server;
    }

    public static FakeLan start(DockerClient docker, String image) {
        String name = "dockerlab-test-fakelan-" + Long.toHexString(System.nanoTime());
        String server = docker.createContainerCmd(image).withName(name).withUser("0:0")
                .withLabels(Map.of("dockerlab.test", "fakelan"))
                .withEntrypoint("python3", "-u", "-m", "http.server", "80")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        docker.startContainerCmd(server).exec();
        FakeLan lan = new FakeLan(docker, server);
        int pid = docker.inspectContainerCmd(server).exec().getState().getPid();
        String inside = String.join("; ", List.of("ip addr add " + LAN + "/24 dev " + VETH + "b",
                "ip addr add " + METADATA + "/32 dev " + VETH + "b", "ip addr add " + MIRROR + "/32 dev " + VETH + "b",
                "ip addr add " + PUBLIC + "/32 dev " + VETH + "b", "ip link set " + VETH + "b up", "ip link set lo up",
                "ip route add default via " + HOST_SIDE));
        try {
            lan.onHost("set -e; ip link del " + VETH + " 2>/dev/null || true;"
                    + " ip link add " + VETH + " type veth peer name " + VETH + "b; ip link set " + VETH + "b netns " + pid + ";"
                    + " ip addr add " + HOST_SIDE + "/24 dev " + VETH + "; ip link set " + VETH + " up;"
                    + " for a in " + METADATA + " " + MIRROR + " " + PUBLIC + "; do ip route add $a/32 via " + LAN + "; done;"
                    + " nsenter -t " + pid + " -n sh -c '" + inside + "'", image);
        } catch (RuntimeException e) {
            lan.close();
            throw e;
        }
        return lan;
    }

    /** What the web server was asked, one line per request (its access log). */
    public String requests() {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(server).withStdErr(true).withStdOut(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (out) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            return out.toString();
        }
    }

    private void onHost(String script, String image) {
        String helper = docker.createContainerCmd(image).withUser("0:0").withLabels(Map.of("dockerlab.test", "fakelan"))
                .withEntrypoint("sh", "-c").withCmd(script)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withPidMode("host")
                        // a veth pair, moved into the server's namespace and set up there with nsenter
                        .withCapDrop(Capability.ALL).withCapAdd(Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.SYS_PTRACE))
                .exec().getId();
        try {
            docker.startContainerCmd(helper).exec();
            Integer code = docker.waitContainerCmd(helper).start().awaitStatusCode();
            if (code != 0) {
                throw new IllegalStateException("setting up the fake LAN failed (" + code + ")");
            }
        } finally {
            docker.removeContainerCmd(helper).withForce(true).exec();
        }
    }

    @Override
    public void close() {
        String image = docker.inspectContainerCmd(server).exec().getConfig().getImage();
        try {
            onHost("ip link del " + VETH + " 2>/dev/null || true", image);
        } finally {
            docker.removeContainerCmd(server).withForce(true).exec();
        }
    }
}
