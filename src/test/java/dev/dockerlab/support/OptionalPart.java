package dev.dockerlab.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Parts of the machine that deploy/setup.sh --with-test-tools sets up where it can, but that a
 * given machine may lack. Each says whether it is there and, when not, what to run.
 */
public enum OptionalPart {

    GVISOR("gVisor (runsc) is not registered with the Docker engine; deploy/setup.sh --with-gvisor registers it") {
        @Override
        boolean present() {
            return dockerInfo("{{range $name, $_ := .Runtimes}}{{$name}} {{end}}")
                    .map(runtimes -> (" " + runtimes + " ").contains(" runsc "))
                    .orElse(false);
        }
    },
    CHROMIUM("Debian's chromium and chromium-driver are not installed; deploy/setup.sh --with-test-tools installs them") {
        @Override
        boolean present() {
            return new File(Browser.CHROMIUM).canExecute() && new File(Browser.CHROMEDRIVER).canExecute();
        }
    },
    DEBIAN_MIRROR("this host reaches no Debian mirror (" + OptionalPart.DEBIAN_RELEASE + " did not answer 200 within 10 s):"
            + " a root scenario's apt-get cannot work here either (docs/lesson-format.md, \"Packages\")") {
        @Override
        boolean present() {
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                HttpRequest head = HttpRequest.newBuilder(URI.create(DEBIAN_RELEASE))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
                return client.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    };

    /** The release file of the mirror a root scenario's machine uses (its /etc/apt/sources.list). */
    static final String DEBIAN_RELEASE = "http://deb.debian.org/debian/dists/bookworm/InRelease";

    private final String missing;
    private volatile Boolean present;

    OptionalPart(String missing) {
        this.missing = missing;
    }

    abstract boolean present();

    /** Looked up once per test run: the machine does not change under a run. */
    public boolean isPresent() {
        Boolean known = present;
        if (known == null) {
            known = present();
            present = known;
        }
        return known;
    }

    public String whyMissing() {
        return missing;
    }

    private static Optional<String> dockerInfo(String format) {
        try {
            Process docker = new ProcessBuilder("docker", "info", "--format", format).redirectErrorStream(true).start();
            if (!docker.waitFor(30, TimeUnit.SECONDS)) {
                docker.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return docker.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
