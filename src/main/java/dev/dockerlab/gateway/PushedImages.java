package dev.dockerlab.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the push registry keeps in one learner's space, read from the registry itself: the sizes
 * of the distinct layers and image configurations their tags refer to. The push quota starts
 * from it, so what a learner pushed before a restart still counts.
 */
final class PushedImages {

    /** The manifest kinds a docker or OCI client pushes, single images and lists of them. */
    private static final String ACCEPT = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final int PAGE = 100;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final URI registry;
    /**
     * Made at the first count, not with the gate: java.net.http's client builds the JDK's default
     * TLS context (every trusted certificate read, a quarter of a second of CPU), which the gate's
     * set-up beside the server's start does not need.
     */
    private HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    PushedImages(URI registry) {
        this.registry = registry;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        }
        return http;
    }

    /** Bytes kept under {@code <learnerHash>/}: each layer and configuration once, however many tags share it. */
    long keptBy(String learnerHash) throws IOException, InterruptedException {
        Map<String, Long> blobs = new HashMap<>();
        for (String repository : repositories(learnerHash + "/")) {
            JsonNode tags = get("/v2/" + repository + "/tags/list").path("tags");
            for (JsonNode tag : tags) {
                addBlobs(repository, tag.asText(), blobs, true);
            }
        }
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The repositories whose names start with {@code prefix}. The catalog is sorted, so it is read
     * from just before the prefix and no further than its last repository.
     */
    private List<String> repositories(String prefix) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        String last = prefix.substring(0, prefix.length() - 1);
        while (true) {
            JsonNode page = get("/v2/_catalog?n=" + PAGE + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8))
                    .path("repositories");
            for (JsonNode name : page) {
                if (!name.asText().startsWith(prefix)) {
                    return found;
                }
                found.add(name.asText());
                last = name.asText();
            }
            if (page.size() < PAGE) {
                return found;
            }
        }
    }

    private void addBlobs(String repository, String reference, Map<String, Long> blobs, boolean followLists)
            throws IOException, InterruptedException {
        JsonNode manifest = get("/v2/" + repository + "/manifests/" + reference);
        if (followLists) {
            for (JsonNode image : manifest.path("manifests")) {
                addBlobs(repository, image.path("digest").asText(), blobs, false);
            }
        }
        JsonNode config = manifest.path("config");
        if (config.has("digest")) {
            blobs.put(config.path("digest").asText(), config.path("size").asLong());
        }
        for (JsonNode layer : manifest.path("layers")) {
            blobs.put(layer.path("digest").asText(), layer.path("size").asLong());
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        var response = http().send(HttpRequest.newBuilder(registry.resolve(path)).timeout(WAIT).header("Accept", ACCEPT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return json.createObjectNode(); // deleted meanwhile
        }
        if (response.statusCode() != 200) {
            throw new IOException("the push registry answered " + response.statusCode() + " to " + path);
        }
        return json.readTree(response.body());
    }
}
