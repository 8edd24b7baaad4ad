package dev.dockerlab.lesson;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Images and other files beside a lesson's Markdown ({@code ![diagram](images/layers.svg)} in a
 * step is served as {@code /lessons/{slug}/images/layers.svg}). Only file kinds a page shows are
 * served, never the Markdown, the checks or anything outside the lesson's folder (links out of it
 * included).
 */
@jakarta.ws.rs.Path("/lessons/{slug}/{file: .+}")
public class LessonFileResource {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("pdf", "application/pdf"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"));

    private final LessonCatalog catalog;

    public LessonFileResource(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public Response file(@PathParam("slug") String slug, @PathParam("file") String file) {
        Path folder = catalog.folderOf(slug).orElseThrow(() -> new LessonNotFoundException(slug));
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        // a name no lesson file can have (a NUL, a newline) is simply not there: no path is made of it
        if (type == null || file.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new NotFoundException();
        }
        Path target;
        try {
            target = folder.resolve(file).normalize();
        } catch (InvalidPathException e) {
            throw new NotFoundException();
        }
        // by its real path: a link in the folder to a file outside it is not served
        Path real = target.startsWith(folder) ? LessonFiles.regularFile(folder, target).orElse(null) : null;
        if (real == null) {
            throw new NotFoundException();
        }
        return Response.ok(real.toFile(), type)
                // an SVG opened on its own must not run script with the site's cookies
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
