package dev.dockerlab.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * The one owner of the Docker client. It is built once, pinged at start, and never closed by
 * callers. The engine is found the way the docker CLI finds it: {@code DOCKER_HOST}, else the
 * local socket.
 * <p>
 * Three connection pools, so that one kind of work can never take the connections another needs:
 * {@link #client()} for short calls, {@link #streams()} for the long-lived terminal streams (one
 * per open terminal, which the terminal limits keep below its size), and a small one of its own
 * for the readiness probe. A pool that runs dry makes its callers wait for minutes; a flood of
 * terminals once did that to every new learner, to readiness and to hanging up closed tabs.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    /** Readiness and "does the engine answer?": a ping and an image lookup at a time. */
    static final int PROBE_CONNECTIONS = 4;

    private final DockerClientConfig config;
    private final DockerClient client;
    private final DockerClient streams;
    private final DockerClient probe;
    /** The probe's HTTP client itself, for the lookups that need only the engine's status code. */
    private final DockerHttpClient probeHttp;
    private final EngineCalls.Failures failures = new EngineCalls.Failures();

    /** The server's: its settings and probe come from the warm-up that ran while Quarkus started. */
    @Inject
    Engine(EngineConfig connections, EngineWarmUp warmUp) {
        this(connections, warmUp.made().orElse(null));
    }

    /** One made on its own (the tests that measure the engine outside a server). */
    public Engine(EngineConfig connections) {
        this(connections, (EngineWarmUp.Made) null);
    }

    private Engine(EngineConfig connections, EngineWarmUp.Made warm) {
        this.config = warm != null ? warm.config() : new OneMapperConfig(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
        this.client = counted(http(config, connections.maxConnections()));
        this.streams = counted(http(config, connections.streamConnections()));
        this.probeHttp = new EngineCalls(warm != null ? warm.probe() : http(config, PROBE_CONNECTIONS), failures);
        this.probe = DockerClientImpl.getInstance(config, probeHttp);
    }

    /** A client whose every call passes {@link EngineCalls}, which counts the engine's failures. */
    private DockerClient counted(DockerHttpClient http) {
        return DockerClientImpl.getInstance(config, new EngineCalls(http, failures));
    }

    /**
     * A client built as the server builds its own, for tools outside the server that measure or
     * check the engine directly from the host (bench/, the tests). The server's other packages
     * never get a raw client: they ask this package.
     */
    public static DockerClient hostClient(int maxConnections) {
        return newClient(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), maxConnections);
    }

    private static DockerClient newClient(DockerClientConfig config, int maxConnections) {
        return DockerClientImpl.getInstance(config, http(config, maxConnections));
    }

    static DockerHttpClient http(DockerClientConfig config, int maxConnections) {
        return new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(tls(config))
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The engine's TLS settings. An engine on a local socket speaks no TLS, yet a client given no
     * settings builds the JDK's default TLS context, which reads every trusted certificate: a
     * quarter of a second of CPU in the server's start. Such an engine gets a context that trusts
     * nothing and is never used; one over TCP keeps what the docker CLI's settings say.
     */
    static SSLConfig tls(DockerClientConfig config) {
        String scheme = config.getDockerHost().getScheme();
        if (config.getSSLConfig() != null || !("unix".equals(scheme) || "npipe".equals(scheme))) {
            return config.getSSLConfig();
        }
        return () -> {
            SSLContext unused = SSLContext.getInstance("TLS");
            unused.init(new KeyManager[0], new TrustManager[0], null);
            return unused;
        };
    }

    /** Calls the engine did not answer at all (no connection, a timeout), since the server started. */
    public long unansweredCalls() {
        return failures.unanswered.sum();
    }

    /** Calls the engine answered with a server error (5xx), since the server started. */
    public long failedCalls() {
        return failures.failed.sum();
    }

    /** For short calls: each holds a connection for one request. Only {@code sandbox} talks to the engine. */
    DockerClient client() {
        return client;
    }

    /** For the streams of open terminals only, which hold their connection while the terminal is open. */
    DockerClient streams() {
        return streams;
    }

    public String host() {
        return config.getDockerHost().toString();
    }

    /** True when the engine answers a ping. */
    public boolean answers() {
        try {
            probe.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Pings, or throws an exception whose message tells an operator what to do. */
    public void requireAnswer() {
        try {
            probe.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new IllegalStateException("No Docker engine answers at " + host() + " (" + rootMessage(e) + ")."
                    + " Start one: deploy/setup.sh installs and starts Debian's docker.io, or point DOCKER_HOST"
                    + " at a running engine.", e);
        }
    }

    /**
     * Whether the engine has the image, from its answer's status alone: docker-java's image lookup
     * reads the whole description into objects, and Jackson builds its readers for them at the first
     * lookup (about a tenth of a second of CPU in the start) and parses every answer after
     * (readiness asks for two images at each answer).
     */
    public boolean imageExists(String image) {
        return imageExists(probeHttp, config, image);
    }

    static boolean imageExists(DockerHttpClient http, DockerClientConfig config, String image) {
        var lookup = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path(apiPath(config, "/images/" + image + "/json")).build();
        try (var answer = http.execute(lookup)) {
            // read to its end, unparsed, so that the connection goes back to the pool
            answer.getBody().transferTo(OutputStream.nullOutputStream());
            return switch (answer.getStatusCode()) {
                case 200 -> true;
                case 404 -> false;
                default -> throw new DockerException("The engine answered HTTP " + answer.getStatusCode()
                        + " to a lookup of image " + image, answer.getStatusCode());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path of the engine's API as docker-java sends it: under the configured API version, if any; its characters escaped. */
    private static String apiPath(DockerClientConfig config, String path) {
        RemoteApiVersion version = config.getApiVersion();
        String versioned = version == null || RemoteApiVersion.UNKNOWN_VERSION.equals(version) ? path
                : "/" + version.asWebPathPart() + path;
        try {
            return new URI(null, null, versioned, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a path of the engine's API: " + versioned, e);
        }
    }

    /**
     * Runs an engine call, turning a lost connection into {@link SandboxException.EngineUnavailable}
     * while letting the engine's own answers (not found, conflict) through.
     */
    public <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!answers()) {
                throw new SandboxException.EngineUnavailable(e);
            }
            throw e;
        }
    }

    /**
     * Runs an engine call on a learner's sandbox: like {@link #call}, and the engine's answers
     * become the project's exceptions ({@link EngineErrors#forSandbox}).
     */
    <T> T callOnSandbox(Supplier<T> call) {
        try {
            return call(call);
        } catch (DockerException e) {
            throw EngineErrors.forSandbox(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @PreDestroy
    void close() {
        for (DockerClient c : new DockerClient[] {client, streams, probe}) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the Docker client", e);
            }
        }
    }
}
