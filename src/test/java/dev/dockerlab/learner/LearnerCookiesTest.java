package dev.dockerlab.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerCookiesTest {

    @TempDir
    Path dataDir;

    @Test
    void anIssuedCookieVerifiesAndNamesItsLearner() {
        LearnerCookies cookies = new LearnerCookies(LearnerSecret.load(Optional.empty(), dataDir));
        LearnerCookies.Issued issued = cookies.issue(false);
        assertThat(issued.cookie().getName()).isEqualTo("dockerlab_learner");
        assertThat(issued.cookie().getValue()).matches("[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
        assertThat(cookies.verify(issued.cookie().getValue())).contains(issued.learner());
    }

    @Test
    void valuesTheServerDidNotSignAreNoLearner() {
        LearnerCookies cookies = new LearnerCookies(LearnerSecret.load(Optional.empty(), dataDir));
        String value = cookies.issue(false).cookie().getValue();
        String id = value.substring(0, value.indexOf('.'));
        assertThat(cookies.verify(id)).as("id alone").isEmpty();
        assertThat(cookies.verify(LearnerId.generate().value() + value.substring(value.indexOf('.')))).as("other id").isEmpty();
        assertThat(cookies.verify(value + "A")).as("longer signature").isEmpty();
        assertThat(cookies.verify(value.substring(0, value.length() - 1))).as("shorter signature").isEmpty();
        assertThat(cookies.verify(id + "." + "A".repeat(43))).as("made-up signature").isEmpty();
        assertThat(cookies.verify(null)).isEmpty();
        assertThat(cookies.verify("")).isEmpty();
        // another server's key signs other cookies
        LearnerCookies other = new LearnerCookies("another-server-key-of-32-characters!".getBytes());
        assertThat(other.verify(value)).isEmpty();
    }

    @Test
    void overHttpsTheCookieIsHostPrefixedAndSecure() {
        LearnerCookies cookies = new LearnerCookies("a-configured-key-of-thirty-two-chars".getBytes());
        var cookie = cookies.issue(true).cookie();
        assertThat(cookie.getName()).isEqualTo("__Host-dockerlab_learner");
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
        assertThat(cookies.fromHeader("dockerlab_learner=" + cookie.getValue(), true)).as("plain name over https").isEmpty();
        assertThat(cookies.fromHeader("x=1; __Host-dockerlab_learner=" + cookie.getValue(), true)).isPresent();
        // a browser sends a __Host- cookie only over HTTPS: behind a proxy the server may see plain HTTP
        assertThat(cookies.fromHeader("__Host-dockerlab_learner=" + cookie.getValue(), false)).as("prefixed, seen as http")
                .isPresent();
    }

    @Test
    void theKeyIsMadeOnceOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        LearnerCookies first = new LearnerCookies(LearnerSecret.load(Optional.empty(), dataDir));
        Path file = dataDir.resolve(LearnerSecret.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String value = first.issue(false).cookie().getValue();

        LearnerCookies restarted = new LearnerCookies(LearnerSecret.load(Optional.empty(), dataDir));
        assertThat(restarted.verify(value)).as("a cookie from before the restart").isPresent();
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LearnerSecret.FILE);
        }
    }

    @Test
    void aConfiguredKeyWinsAndMustBeLongEnough() {
        String key = "k".repeat(32);
        LearnerCookies a = new LearnerCookies(LearnerSecret.load(Optional.of(key), dataDir));
        LearnerCookies b = new LearnerCookies(LearnerSecret.load(Optional.of(key), dataDir.resolve("elsewhere")));
        assertThat(b.verify(a.issue(false).cookie().getValue())).isPresent();
        assertThat(Files.exists(dataDir.resolve(LearnerSecret.FILE))).as("no file when configured").isFalse();
        assertThatThrownBy(() -> LearnerSecret.load(Optional.of("short"), dataDir))
                .hasMessageContaining("dockerlab.learner.secret").hasMessageContaining("at least 32");
    }

    @Test
    void theLabelHashIsAFunctionOfTheIdAloneNotOfTheKey() {
        LearnerId id = LearnerId.generate();
        LearnerCookies a = new LearnerCookies("a".repeat(32).getBytes());
        LearnerCookies b = new LearnerCookies("b".repeat(32).getBytes());
        assertThat(a.verify(a.valueOf(id)).orElseThrow().hash()).isEqualTo(b.verify(b.valueOf(id)).orElseThrow().hash())
                .isEqualTo(id.hash());
    }
}
