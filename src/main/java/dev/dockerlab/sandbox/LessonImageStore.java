package dev.dockerlab.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;

/**
 * The lesson images' store: a volume holding the data root of a rootless engine that pulled
 * every lesson image once ({@code deploy/setup.sh} fills it whenever the lesson images change).
 * Every Docker-enabled sandbox mounts the newest complete one read-only at {@link #MOUNT_POINT},
 * and its engine starts with the store's layers (deploy/sandbox-docker/dockerlab-engine), so a
 * learner's first {@code docker run nginx} pulls a manifest, not 90 MB. The layers' files are
 * shared, read-only, by every sandbox; each engine's own images, containers and builds stay in
 * its own storage ({@link EngineStorage}).
 *
 * <p>Without a store (an older set-up, or {@code dockerlab.docker.share-lesson-images=false})
 * sandboxes are made as before and their engines pull every layer.
 */
@ApplicationScoped
public class LessonImageStore {

    private static final Logger LOG = Logger.getLogger(LessonImageStore.class);

    /** The role label of complete stores; deploy/setup.sh gives it. */
    public static final String ROLE = "lesson-image-store";
    /** On a store: set only once it is complete (a volume's labels are fixed when it is made). */
    static final String COMPLETE_LABEL = "dockerlab.lesson-images.complete";
    /** On a store: when it was made (seconds since the epoch), so the newest one wins. */
    static final String MADE_LABEL = "dockerlab.lesson-images.made";
    /** Where a Docker-enabled sandbox sees the store (dockerlab-engine reads it there). */
    static final String MOUNT_POINT = "/var/lib/dockerlab-images";
    /** A new store (deploy/setup.sh run again) is taken up by sandboxes made this long after it. */
    private static final Duration RECHECK = Duration.ofSeconds(15);

    private final Engine engine;
    private final DockerProfileConfig docker;
    private final Clock clock;
    private volatile Looked looked;

    private record Looked(Optional<String> volume, long atMillis) {
    }

    LessonImageStore(Engine engine, DockerProfileConfig docker, Clock clock) {
        this.engine = engine;
        this.docker = docker;
        this.clock = clock;
    }

    /** The store a sandbox made now mounts: the newest complete one, none when sharing is off or none exists. */
    public Optional<String> current() {
        if (!docker.shareLessonImages()) {
            return Optional.empty();
        }
        Looked last = looked;
        long now = clock.millis();
        if (last != null && now - last.atMillis() < RECHECK.toMillis()) {
            return last.volume();
        }
        Optional<String> found;
        try {
            found = look();
        } catch (RuntimeException e) {
            // an engine too busy to answer now (a class arriving at once): keep what was known, ask again next time
            LOG.debugf("looking for the lesson images' store: %s", e.getMessage());
            return last == null ? Optional.empty() : last.volume();
        }
        looked = new Looked(found, now);
        if (last == null || !last.volume().equals(found)) {
            found.ifPresentOrElse(v -> LOG.infof("Docker-enabled sandboxes share the lesson images' layers of store %s", v),
                    () -> LOG.infof("No lesson images' store (run deploy/setup.sh): learners' engines pull every layer"));
        }
        return found;
    }

    /** The read-only mount of the current store, if any. */
    Optional<Mount> mount() {
        return current().map(volume -> new Mount().withType(MountType.VOLUME).withSource(volume)
                .withTarget(MOUNT_POINT).withReadOnly(true));
    }

    private Optional<String> look() {
        List<InspectVolumeResponse> volumes = engine.call(() -> engine.client().listVolumesCmd()
                .withFilter("label", List.of(Labels.ROLE + "=" + ROLE, COMPLETE_LABEL + "=true")).exec().getVolumes());
        if (volumes == null) {
            return Optional.empty();
        }
        return volumes.stream()
                .max((a, b) -> Long.compare(made(a.getLabels()), made(b.getLabels())))
                .map(InspectVolumeResponse::getName);
    }

    private static long made(Map<String, String> labels) {
        try {
            return labels == null ? 0 : Long.parseLong(labels.getOrDefault(MADE_LABEL, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
