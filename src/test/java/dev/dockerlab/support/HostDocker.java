package dev.dockerlab.support;

import java.util.Map;

import com.github.dockerjava.api.DockerClient;

import dev.dockerlab.sandbox.Engine;

/**
 * The engine as an operator sees it with the docker CLI, found the same way ({@code DOCKER_HOST},
 * else the local socket): the tests' own client for checks from the host. The server's client
 * stays inside its {@code sandbox} package; a test that looks from outside uses this one.
 */
public final class HostDocker {

    private static final DockerClient CLIENT = Engine.hostClient(16);

    private HostDocker() {
    }

    public static DockerClient client() {
        return CLIENT;
    }

    /** Every container of this instance (a test server's sandboxes, owner and pool), removed; none is no error. */
    public static void removeInstance(String instance) {
        if (instance == null) {
            return;
        }
        CLIENT.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dockerlab.instance", instance)).exec()
                .forEach(c -> CLIENT.removeContainerCmd(c.getId()).withForce(true).exec());
    }
}
