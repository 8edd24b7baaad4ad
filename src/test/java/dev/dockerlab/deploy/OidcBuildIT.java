package dev.dockerlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dockerlab.support.HostDocker;
import dev.dockerlab.support.ServerProcess;

/**
 * OIDC sign-in is in a build only when asked (it slows every start): deploy/run.sh builds with it
 * when the start's configuration turns it on, and a build without it refuses that configuration
 * at once, saying how to get a build with it, rather than refusing every instructor later.
 */
class OidcBuildIT {

    private static final Path LIB = Path.of("deploy", "lib.sh").toAbsolutePath();

    @TempDir
    Path folder;

    private ServerProcess server;
    private String instance;

    @AfterEach
    void cleanUp() {
        if (instance != null) {
            ServerProcess.closeAll(instance, server);
        }
    }

    @Test
    void theStartsConfigurationSaysWhetherTheBuildHasOidcInQuarkusOrder() throws Exception {
        assertThat(wanted("")).as("nothing configured").isFalse();
        assertThat(wanted("-Dquarkus.http.port=9090 -Dquarkus.oidc.tenant-enabled=true")).as("an option").isTrue();
        assertThat(wanted("-Dquarkus.oidc.tenant-enabled=TRUE")).as("a boolean in any case").isTrue();
        assertThat(wanted("QUARKUS_OIDC_TENANT_ENABLED=on ;")).as("the environment").isTrue();

        Files.createDirectories(folder.resolve("config"));
        Files.writeString(folder.resolve("config/application.properties"), "quarkus.oidc.tenant-enabled = true\n");
        assertThat(wanted("")).as("./config/application.properties").isTrue();
        assertThat(wanted("-Dquarkus.oidc.tenant-enabled=false")).as("an option comes before the file").isFalse();
        Files.writeString(folder.resolve(".env"), "QUARKUS_OIDC_TENANT_ENABLED=false\n");
        assertThat(wanted("")).as("./.env comes before ./config").isFalse();

        Files.delete(folder.resolve(".env"));
        Files.writeString(folder.resolve("config/application.properties"), "# quarkus.oidc.tenant-enabled=true\n");
        assertThat(wanted("")).as("a comment is no setting").isFalse();
    }

    @Test
    void aJarIsBuiltAgainWhenItsOidcIsNotWhatTheStartAsksFor() throws Exception {
        Path app = Files.createDirectories(folder.resolve("target/quarkus-app"));
        Files.createDirectories(folder.resolve("src"));
        Files.setLastModifiedTime(folder.resolve("src"), FileTime.from(Instant.now().minusSeconds(60)));
        Path jar = Files.writeString(app.resolve("quarkus-run.jar"), "a jar");

        assertThat(needsBuild("false")).as("a jar without a mark is the default build").isFalse();
        assertThat(needsBuild("true")).as("which has no OIDC").isTrue();

        Path mark = Files.writeString(app.resolve("oidc-built"), "true\n");
        assertThat(needsBuild("true")).as("built with OIDC, asked for it").isFalse();
        assertThat(needsBuild("false")).as("built with OIDC, not asked for it: built again, to start quicker").isTrue();

        Files.setLastModifiedTime(mark, FileTime.from(Instant.now().minusSeconds(30)));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        assertThat(needsBuild("true")).as("a mark older than the jar (built since by hand) says nothing").isTrue();
    }

    @Test
    void aBuildWithoutOidcRefusesOidcSignInBeforeItClaimsItsInstance() throws Exception {
        instance = "oidc-it-" + Long.toHexString(System.nanoTime());
        server = ServerProcess.launch(instance, ServerProcess.freePort(), Map.of(),
                "-Ddockerlab.sandbox.instance=" + instance, "-Ddockerlab.docker.gate-port=0",
                "-Dquarkus.oidc.tenant-enabled=true", "-Dquarkus.oidc.auth-server-url=http://127.0.0.1:9/realms/school",
                "-Dquarkus.oidc.client-id=dockerlab", "-Dquarkus.oidc.application-type=web-app");

        assertThat(server.awaitExit(Duration.ofSeconds(60))).as("the server refuses to start").isEqualTo(1);
        assertThat(server.log()).as("it says why, and how to get a build with OIDC, in one line")
                .containsOnlyOnce("quarkus.oidc.tenant-enabled=true asks for OIDC sign-in, but this build of dockerlab leaves OIDC out")
                .contains("deploy/run.sh").contains("mvn package -Dquarkus.oidc.enabled=true")
                .doesNotContain("\tat ");
        assertThat(HostDocker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dockerlab.instance", instance)).exec())
                .as("it refused before it claimed the instance: nothing of it is on the engine").isEmpty();
    }

    /** server_oidc_wanted run in the test's folder, as deploy/run.sh runs it from the repository. */
    private boolean wanted(String options) throws IOException, InterruptedException {
        String environment = options.contains(";") ? options.substring(0, options.indexOf(';')) : "";
        String arguments = options.contains(";") ? options.substring(options.indexOf(';') + 1) : options;
        return bash(environment + " bash -c 'source \"$0\" && cd \"$1\" && shift 2 && server_oidc_wanted \"$@\"' "
                + LIB + " " + folder + " -- " + arguments);
    }

    private boolean needsBuild(String oidc) throws IOException, InterruptedException {
        return bash("bash -c 'source \"$0\" && cd \"$1\" && server_needs_build \"$2\"' " + LIB + " " + folder + " " + oidc);
    }

    /** Whether a shell line exits 0; any other exit than 0 or 1 fails the test with what it printed. */
    private static boolean bash(String line) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assertThat(status).as(out).isIn(0, 1);
        return status == 0;
    }
}
