package dev.dockerlab.sandbox;

/**
 * The names and labels of everything dockerlab creates in the engine. Labels are the source of
 * truth: a restarted server finds its sandboxes by them alone.
 */
public final class Labels {

    public static final String MANAGED = "dockerlab.managed";
    public static final String LEARNER = "dockerlab.learner";
    public static final String ROLE = "dockerlab.role";
    public static final String INSTANCE = "dockerlab.instance";

    public static final String ROLE_SANDBOX = "sandbox";
    public static final String ROLE_NETWORK = "network";

    public static final String NAME_PREFIX = "dockerlab-";

    private Labels() {
    }

    static String sandboxName(String instance, String learnerHash) {
        return NAME_PREFIX + ("default".equals(instance) ? "" : instance + "-") + learnerHash;
    }
}
