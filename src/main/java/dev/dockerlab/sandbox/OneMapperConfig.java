package dev.dockerlab.sandbox;

import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;

/**
 * The engine's settings, with one JSON mapper for every client made from them. docker-java gives
 * each client a copy of its mapper, and each copy builds its own writers and readers for the
 * engine's requests and answers the first time it meets each: a container's creation, the largest,
 * took 0.3 s of CPU on the path to ready when the instance's claim built it. With one mapper, the
 * warm-up ({@link EngineWarmUp}) builds it once, beside the start, for all of the server's clients.
 */
record OneMapperConfig(DockerClientConfig settings, ObjectMapper mapper) implements DockerClientConfig {

    OneMapperConfig(DockerClientConfig settings) {
        this(settings, settings.getObjectMapper());
    }

    @Override
    public ObjectMapper getObjectMapper() {
        return mapper;
    }

    @Override
    public URI getDockerHost() {
        return settings.getDockerHost();
    }

    @Override
    public RemoteApiVersion getApiVersion() {
        return settings.getApiVersion();
    }

    @Override
    public String getRegistryUsername() {
        return settings.getRegistryUsername();
    }

    @Override
    public String getRegistryPassword() {
        return settings.getRegistryPassword();
    }

    @Override
    public String getRegistryEmail() {
        return settings.getRegistryEmail();
    }

    @Override
    public String getRegistryUrl() {
        return settings.getRegistryUrl();
    }

    @Override
    public AuthConfig effectiveAuthConfig(String imageName) {
        return settings.effectiveAuthConfig(imageName);
    }

    @Override
    public AuthConfigurations getAuthConfigurations() {
        return settings.getAuthConfigurations();
    }

    @Override
    public SSLConfig getSSLConfig() {
        return settings.getSSLConfig();
    }
}
