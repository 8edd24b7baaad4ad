package dev.dockerlab.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateGlobal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The front end's URLs and how long a browser keeps what they answer. The pages name every
 * script, style and xterm.js file under {@code /v/{version}/} ({@link #root()}), where the
 * version is a hash of the front end's files and of the xterm.js webjars: such an answer never
 * changes, so the browser keeps it a year and a returning learner's page asks the server for
 * nothing but itself. A new build with other files has another version, so no one runs an old
 * script beside a new page. The plain URLs ({@code /assets/...}, {@code /webjars/...}) still
 * answer, and are revalidated on every use (a 304 when unchanged).
 */
@ApplicationScoped
public class Assets {

    private static final Logger LOG = Logger.getLogger(Assets.class);

    /** Where the front end (frontend/ in the repository) is on the class path. */
    private static final String ROOT = "META-INF/resources/assets";
    /** What else the version covers: the xterm.js webjars' versions. */
    private static final List<String> ALSO = List.of("META-INF/maven/org.webjars.npm/xterm/pom.properties",
            "META-INF/maven/org.webjars.npm/xterm-addon-fit/pom.properties");
    private static final Pattern VERSIONED = Pattern.compile("/v/[0-9a-z]{1,32}(/(?:assets|webjars)/.*)");
    private static final String FROM_VERSIONED = "dockerlab.asset.versioned";
    private static final String FOR_A_YEAR = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private static final String VERSION = version();
    private static final RawString EARLY_SOCKET = new RawString(text(ROOT + "/early-socket.js"));

    /** {@code /v/<version>}: the prefix of every front-end URL a page writes ({assetRoot}/assets/lesson.js). */
    @TemplateGlobal(name = "assetRoot")
    public static String root() {
        return "/v/" + VERSION;
    }

    /**
     * frontend/early-socket.js, which the lesson page carries in its head rather than loading it:
     * the terminal's socket then opens as the page arrives, not once a script is fetched and run.
     */
    @TemplateGlobal(name = "earlySocketScript")
    public static RawString earlySocket() {
        return EARLY_SOCKET;
    }

    void register(@Observes Router router) {
        // first of all: the versioned URL is served as the plain one, and remembered as such
        router.routeWithRegex(VERSIONED.pattern()).order(-2).handler(context -> {
            Matcher m = VERSIONED.matcher(context.normalizedPath());
            if (!m.matches()) {
                context.next();
                return;
            }
            context.put(FROM_VERSIONED, true);
            String query = context.request().query();
            context.reroute(m.group(1) + (query == null ? "" : "?" + query));
        });
        // the static handler keeps a Cache-Control already there (its own would be a day, immutable)
        router.routeWithRegex("/(?:assets|webjars)/.*").order(-1).handler(Assets::cacheControl);
    }

    private static void cacheControl(RoutingContext context) {
        boolean versioned = Boolean.TRUE.equals(context.get(FROM_VERSIONED));
        context.response().headers().set(HttpHeaders.CACHE_CONTROL, versioned ? FOR_A_YEAR : REVALIDATE);
        context.next();
    }

    private static String text(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: the build did not copy frontend/");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 12 hex digits of SHA-256 over the front end's files (by name and content); the start time when they cannot be read. */
    private static String version() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            URL root = loader.getResource(ROOT + "/lesson.js");
            if (root == null) {
                throw new IOException(ROOT + "/lesson.js is not on the class path");
            }
            try (var dir = directory(root.toURI())) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(dir.path())) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    sha.update(dir.path().relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(file));
                }
            }
            for (String also : ALSO) {
                try (InputStream in = loader.getResourceAsStream(also)) {
                    if (in != null) {
                        sha.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | UncheckedIOException
                | IllegalArgumentException | FileSystemNotFoundException e) {
            LOG.warnf("The front end's files could not be read for their version (%s): it is this start's time instead", e.getMessage());
            return Long.toString(System.currentTimeMillis(), 36);
        }
    }

    /** The assets' folder, in a jar or not; closing it closes the jar's file system if one was opened. */
    private static Directory directory(URI lessonJs) throws IOException {
        if (!"jar".equals(lessonJs.getScheme())) {
            return new Directory(Path.of(lessonJs).getParent(), null);
        }
        FileSystem jar = null;
        try {
            jar = FileSystems.newFileSystem(lessonJs, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            // someone else's, left open
        }
        return new Directory(Path.of(lessonJs).getParent(), jar);
    }

    private record Directory(Path path, FileSystem opened) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (opened != null) {
                opened.close();
            }
        }
    }
}
