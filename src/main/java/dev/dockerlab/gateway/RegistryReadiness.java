package dev.dockerlab.gateway;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.dockerlab.sandbox.DockerProfileConfig;
import dev.dockerlab.sandbox.LessonImageStore;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxProfiles;

/**
 * Ready only when Docker-enabled learners can pull the lesson images: the lesson-image registry
 * answers, and, when Docker-enabled sandboxes are the default, the gate in front of it listens.
 * Without the registry a learner's {@code docker run hello-world} fails far from its cause.
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    /** A registry on this host answers at once; one that does not within this is as good as gone. */
    private static final Duration PATIENCE = Duration.ofSeconds(2);

    private final RegistryGate gate;
    private final SandboxProfiles profiles;
    private final LessonImageStore lessonImages;
    private final URI mirror;

    public RegistryReadiness(RegistryGate gate, SandboxProfiles profiles, DockerProfileConfig config, LessonImageStore lessonImages) {
        this.gate = gate;
        this.profiles = profiles;
        this.lessonImages = lessonImages;
        this.mirror = URI.create(config.mirrorUrl());
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("lesson-image-registry").withData("registry", mirror.toString());
        String problem = registryProblem();
        if (problem != null) {
            return response.down().withData("problem", problem).build();
        }
        var port = gate.listening();
        if (port.isEmpty() && profiles.defaultProfile().hasEngine()) {
            return response.down().withData("problem", "the registry gate is not listening (its port was taken,"
                    + " see the log): Docker-enabled sandboxes cannot pull lesson images").build();
        }
        // not a reason to be down: without the store, engines pull every layer (slower, same result)
        return response.up().withData("gate", port.map(String::valueOf).orElse("not listening"))
                .withData("lessonImages", lessonImages.current().orElse("no store: engines pull every layer (run deploy/setup.sh)"))
                .build();
    }

    private String registryProblem() {
        String what = "the lesson-image registry at " + mirror + " does not answer (";
        String fix = "): start its container (docker start dockerlab-registry) or run deploy/setup.sh";
        // a plain connection, not java.net.http's client: that one builds the JDK's default TLS context
        // (every trusted certificate read, a quarter of a second of CPU) before the first answer after a start
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) mirror.resolve("/v2/").toURL().openConnection();
            connection.setConnectTimeout((int) PATIENCE.toMillis());
            connection.setReadTimeout((int) PATIENCE.toMillis());
            int status = connection.getResponseCode();
            return status >= 500 ? what + "HTTP " + status + fix : null;
        } catch (IOException e) {
            return what + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + fix;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
