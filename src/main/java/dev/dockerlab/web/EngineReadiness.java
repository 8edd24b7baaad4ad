package dev.dockerlab.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.dockerlab.lesson.Lesson;
import dev.dockerlab.lesson.LessonCatalog;
import dev.dockerlab.sandbox.Engine;
import dev.dockerlab.sandbox.SandboxConfig;
import dev.dockerlab.sandbox.SandboxProfile;
import dev.dockerlab.sandbox.SandboxProfiles;
import dev.dockerlab.sandbox.SandboxService;

/**
 * Ready only when learners can get a sandbox: the engine answers and every sandbox image a learner
 * may need is there. The plain image always (the server's own helpers run in it too); the
 * Docker-enabled one when it is the default profile or a lesson asks for it ({@code sandbox: docker}).
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private final Engine engine;
    private final SandboxService sandboxes;
    private final SandboxProfiles profiles;
    private final SandboxConfig config;
    private final LessonCatalog lessons;

    public EngineReadiness(Engine engine, SandboxService sandboxes, SandboxProfiles profiles, SandboxConfig config,
            LessonCatalog lessons) {
        this.engine = engine;
        this.sandboxes = sandboxes;
        this.profiles = profiles;
        this.config = config;
        this.lessons = lessons;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("docker-engine").withData("engine", engine.host());
        if (!engine.answers()) {
            return response.down().withData("problem", "the Docker engine at " + engine.host() + " does not answer:"
                    + " start it (deploy/setup.sh, or systemctl start docker); learners' sandboxes wait for it").build();
        }
        String dockerImage = profiles.imageOf(SandboxProfile.DOCKER);
        boolean dockerPresent = engine.imageExists(dockerImage);
        // the lessons are asked only when the image is missing: the first answer does not wait for their first read
        boolean dockerNeeded = profiles.defaultProfile().hasEngine() || !dockerPresent && lessonsNeedDocker();
        Set<String> needed = new LinkedHashSet<>(List.of(config.image(), profiles.imageOf(profiles.defaultProfile())));
        if (dockerNeeded) {
            needed.add(dockerImage);
        }
        List<String> missing = new ArrayList<>();
        for (String image : needed) {
            if (!(image.equals(dockerImage) ? dockerPresent : engine.imageExists(image))) {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            return response.down().withData("problem", (missing.size() == 1 ? "sandbox image " : "sandbox images ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " missing: run deploy/setup.sh").build();
        }
        return response.up()
                .withData("image", profiles.imageOf(profiles.defaultProfile()))
                // needed by no lesson and not the default: its absence is news, not "down"
                .withData("dockerImage", dockerImage + (dockerNeeded || dockerPresent ? "" : " (missing: run deploy/setup.sh)"))
                .withData("sandboxes", sandboxes.liveCount())
                .withData("pooled", sandboxes.pooled())
                .withData("maxSandboxes", config.maxSandboxes())
                .build();
    }

    private boolean lessonsNeedDocker() {
        return lessons.all().stream().map(Lesson::sandbox).anyMatch(p -> p.map(SandboxProfile::hasEngine).orElse(false));
    }
}
