package dev.dockerlab.web;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxService;

/** Ready only when learners can get a sandbox: the engine answers and the image is there. */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final Engine engine;
    private final SandboxService sandboxes;

    public EngineReadiness(Engine engine, SandboxService sandboxes) {
        this.engine = engine;
        this.sandboxes = sandboxes;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("docker-engine").withData("engine", engine.host());
        if (!engine.answers()) {
            return response.down().withData("problem", "the Docker engine does not answer").build();
        }
        // the image a learner gets when their lesson asks for nothing more (the Docker one when that is the default)
        String image = sandboxes.profiles().imageOf(sandboxes.profiles().defaultProfile());
        if (!engine.imageExists(image)) {
            return response.down().withData("problem", "sandbox image " + image + " is missing: run deploy/setup.sh").build();
        }
        String dockerImage = sandboxes.profiles().imageOf(SandboxProfile.DOCKER);
        return response.up()
                .withData("image", image)
                // lessons with sandbox: docker need it; plain ones do not, so its absence is news, not "down"
                .withData("dockerImage", dockerImage + (engine.imageExists(dockerImage) ? "" : " (missing: run deploy/setup.sh)"))
                .withData("sandboxes", sandboxes.liveCount())
                .withData("pooled", sandboxes.pooled())
                .withData("maxSandboxes", sandboxes.config().maxSandboxes())
                .build();
    }
}
