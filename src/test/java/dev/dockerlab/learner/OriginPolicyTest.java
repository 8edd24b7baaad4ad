package dev.dockerlab.learner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(Optional.of(List.of("https://lab.example.org")));

    @ParameterizedTest(name = "{0} for Host {1} -> {2}")
    @CsvSource({
            "http://localhost:8080, localhost:8080, true",
            "HTTP://LOCALHOST:8080, localhost:8080, true",
            "https://lab.school.edu, lab.school.edu, true",
            "https://lab.school.edu:443, lab.school.edu, true",
            "http://lab.school.edu, lab.school.edu:80, true",
            "http://[::1]:8080, [::1]:8080, true",
            "https://lab.example.org, other.host, true",
            "http://evil.example, localhost:8080, false",
            "null, localhost:8080, false",
            "'', localhost:8080, false",
            "http://localhost.evil.example:8080, localhost:8080, false",
            "http://localhost:8081, localhost:8080, false",
            "http://localhost:8080.evil.example, localhost:8080, false",
            "http://user@localhost:8080, localhost:8080, false",
            "http://localhost:8080/path, localhost:8080, false",
            "ftp://localhost:8080, localhost:8080, false",
            "https://localhost, localhost:80, false",
            "http://localhost:8080, , false",
            "https://lab.example.org.evil, other.host, false",
    })
    void originsAreComparedExactly(String origin, String host, boolean allowed) {
        assertThat(policy.allows(origin, host)).isEqualTo(allowed);
    }
}
