package dev.dockerlab.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;

/**
 * A learner's nodes for a lesson with {@code nodes: N} (docs/swarm.md): node 1 is the learner's own
 * Docker-enabled sandbox (hostname {@code node1}); nodes 2..N are more Docker-enabled sandboxes,
 * hardened exactly the same, named {@code <sandbox>-node<k>} with hostname {@code node<k>}. Every
 * node is on the sandbox network as any sandbox is (the registry gate, the internet, the host's
 * firewall) and on one more network that only this learner's nodes share, where each answers to
 * {@code node<k>}. The labels are the source of truth: a node carries its learner, the role
 * {@code node} and its number, the group's network its learner and the role {@code node-network};
 * removal and the reaper find them by those labels, a restarted server included.
 */
@ApplicationScoped
public class NodeGroups {

    private static final Logger LOG = Logger.getLogger(NodeGroups.class);

    /** The node's number (2..N) on a node container; node 1 is the learner's sandbox. */
    public static final String NODE_LABEL = "dockerlab.node";
    public static final String ROLE_NODE = "node";
    public static final String ROLE_NODE_NETWORK = "node-network";
    /**
     * The group networks' addresses: one /24 each out of this /16. Outside Docker's default pools,
     * which are also the inner engines' pools (172.17-31.x, 192.168.x), so no inner bridge can take a
     * group's subnet; and far from 10.0.x.0/24, where swarm puts its first overlay networks.
     */
    static final String SUBNETS = "10.250.%d.0/24";
    private static final int SUBNET_COUNT = 256;

    private final Engine engine;
    private final SandboxConfig config;
    private final SandboxContainers containers;
    private final SandboxNetwork network;
    private final SandboxProfiles profiles;

    NodeGroups(Engine engine, SandboxConfig config, SandboxContainers containers, SandboxNetwork network,
            SandboxProfiles profiles) {
        this.engine = engine;
        this.config = config;
        this.containers = containers;
        this.network = network;
        this.profiles = profiles;
    }

    /** The hostname of node {@code k}. */
    public static String hostname(int k) {
        return "node" + k;
    }

    /**
     * Nodes 1..{@code count} of the learner whose sandbox is {@code first}, made where missing (side
     * by side) and each on the group's network. Call under the learner's lock.
     */
    List<Sandbox> ensure(Sandbox first, int count) {
        String groupNetwork = ensureNetwork(first);
        network.joinNow(first.containerId());
        connect(groupNetwork, first.containerId(), 1);
        Map<Integer, Container> existing = new HashMap<>();
        for (Container c : listNodes(first.learnerHash())) {
            int k = numberOf(c);
            if (k >= 2 && k <= count && "running".equals(c.getState()) && !existing.containsKey(k)) {
                existing.put(k, c);
            } else {
                // a stopped node, or one beyond this lesson's count: a fresh group member replaces it
                remove(c);
            }
        }
        List<CompletableFuture<Sandbox>> made = new ArrayList<>();
        for (int k = 2; k <= count; k++) {
            Container found = existing.get(k);
            if (found != null) {
                made.add(CompletableFuture.completedFuture(new Sandbox(found.getId(), nameOf(found), first.learnerHash(),
                        Instant.ofEpochSecond(found.getCreated()))));
                continue;
            }
            int node = k;
            made.add(CompletableFuture.supplyAsync(() -> {
                Sandbox s = containers.create(nodeName(first.name(), node), first.learnerHash(), SandboxProfile.DOCKER,
                        hostname(node), Map.of(Labels.ROLE, ROLE_NODE, NODE_LABEL, Integer.toString(node)));
                network.joinNow(s.containerId());
                connect(groupNetwork, s.containerId(), node);
                return s;
            }, Thread::startVirtualThread));
        }
        List<Sandbox> nodes = new ArrayList<>(List.of(first));
        try {
            for (var f : made) {
                nodes.add(f.join());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return nodes;
    }

    /** How many extra nodes (beyond the sandbox itself) each learner has in the engine. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Container c : listAllNodes()) {
            String learner = c.getLabels().get(Labels.LEARNER);
            if (learner != null) {
                counts.merge(learner, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Removes the learner's nodes 2..N and their network (after their sandbox, which is node 1, is gone). */
    void remove(String learnerHash) {
        listNodes(learnerHash).forEach(this::remove);
        removeNetworks(Map.of(Labels.LEARNER, learnerHash));
    }

    /** Nodes and networks of learners who have no sandbox any more (a crash between two removals, a restart). */
    void sweep(Set<String> liveLearners) {
        for (Container c : listAllNodes()) {
            String learner = c.getLabels().get(Labels.LEARNER);
            if (learner == null || !liveLearners.contains(learner)) {
                LOG.infof("Removing node %s of learner %s: the learner has no sandbox any more", nameOf(c), learner);
                remove(c);
            }
        }
        for (Network n : listNetworks(Map.of())) {
            String learner = n.getLabels() == null ? null : n.getLabels().get(Labels.LEARNER);
            if (learner == null || !liveLearners.contains(learner)) {
                removeNetwork(n.getId());
            }
        }
    }

    /** Names of every node container of this instance (their storage is theirs, see {@link EngineStorage}). */
    Set<String> nodeNames() {
        Set<String> names = new java.util.HashSet<>();
        listAllNodes().forEach(c -> names.add(nameOf(c)));
        return names;
    }

    private void remove(Container c) {
        containers.removeQuietly(c.getId());
        profiles.removeStorage(nameOf(c));
    }

    static String nodeName(String sandboxName, int k) {
        return sandboxName + "-node" + k;
    }

    private static String nameOf(Container c) {
        return c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
    }

    static int numberOf(Container c) {
        try {
            return Integer.parseInt(c.getLabels().getOrDefault(NODE_LABEL, ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<Container> listNodes(String learnerHash) {
        return engine.call(() -> engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.ROLE, ROLE_NODE, Labels.INSTANCE, config.instance(),
                        Labels.LEARNER, learnerHash))
                .exec());
    }

    private List<Container> listAllNodes() {
        return engine.call(() -> engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.ROLE, ROLE_NODE, Labels.INSTANCE, config.instance()))
                .exec());
    }

    private List<Network> listNetworks(Map<String, String> more) {
        Map<String, String> labels = new HashMap<>(Map.of(Labels.MANAGED, "true", Labels.ROLE, ROLE_NODE_NETWORK,
                Labels.INSTANCE, config.instance()));
        labels.putAll(more);
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return engine.call(() -> engine.client().listNetworksCmd().withFilter("label", filter).exec());
    }

    private void removeNetworks(Map<String, String> labels) {
        listNetworks(labels).forEach(n -> removeNetwork(n.getId()));
    }

    private void removeNetwork(String id) {
        try {
            engine.client().removeNetworkCmd(id).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            // still in use (node 1 not removed yet): the reaper's sweep takes it later
            LOG.debugf("group network %s not removed yet: %s", id, e.getMessage());
        }
    }

    /**
     * The group's network: a bridge where the nodes reach one another (inter-container traffic on),
     * {@code internal} (nothing routed beyond it) and without an address of the host on it
     * ({@code inhibit_ipv4}), so through it a node reaches its fellow nodes and nothing else.
     */
    private String ensureNetwork(Sandbox first) {
        String name = first.name() + "-nodes";
        for (Network n : engine.client().listNetworksCmd().withNameFilter(name).exec()) {
            if (name.equals(n.getName())) {
                return n.getId();
            }
        }
        int start = Math.floorMod(first.learnerHash().hashCode(), SUBNET_COUNT);
        RuntimeException last = null;
        for (int i = 0; i < SUBNET_COUNT; i++) {
            String subnet = String.format(SUBNETS, (start + i) % SUBNET_COUNT);
            try {
                return engine.client().createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withInternal(true)
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
                        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "true",
                                "com.docker.network.bridge.inhibit_ipv4", "true"))
                        .withLabels(Map.of(Labels.MANAGED, "true", Labels.ROLE, ROLE_NODE_NETWORK,
                                Labels.LEARNER, first.learnerHash(), Labels.INSTANCE, config.instance()))
                        .exec().getId();
            } catch (ConflictException e) {
                // made by a concurrent call (same name)
                Optional<Network> made = engine.client().listNetworksCmd().withNameFilter(name).exec().stream()
                        .filter(n -> name.equals(n.getName())).findFirst();
                if (made.isPresent()) {
                    return made.get().getId();
                }
                last = e;
            } catch (RuntimeException e) {
                // the subnet overlaps another network's: the next one
                last = e;
            }
        }
        throw new IllegalStateException("No free subnet for the nodes' network in 10.250.0.0/16: " + last.getMessage(), last);
    }

    private void connect(String groupNetwork, String containerId, int k) {
        try {
            engine.client().connectToNetworkCmd().withNetworkId(groupNetwork).withContainerId(containerId)
                    .withContainerNetwork(new ContainerNetwork().withAliases(hostname(k))).exec();
        } catch (RuntimeException e) {
            if (EngineErrors.status(e) == EngineErrors.FORBIDDEN) {
                return; // connected already
            }
            throw e;
        }
    }
}
