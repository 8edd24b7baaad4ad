package dev.dockerlab.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Readiness's checks, each asked once beside the start, their answers dropped. A check's first
 * answer loads and links what it uses (the registry's HTTP connection, the lesson images' store
 * lookup, the data source's connection check): asked first by the first request after the
 * listener opens, that took 0.15 to 0.25 s of CPU on two busy cores, and the start was not ready
 * until it was done (docs/performance.md, "Start to ready"). Every answer a request gets is asked
 * afresh.
 */
@ApplicationScoped
class ReadinessWarmUp {

    private static final Logger LOG = Logger.getLogger(ReadinessWarmUp.class);

    private final Instance<HealthCheck> checks;

    ReadinessWarmUp(@Readiness Instance<HealthCheck> checks) {
        this.checks = checks;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        Thread.ofPlatform().name("readiness-warm-up").daemon().start(() -> {
            for (HealthCheck check : checks) {
                try {
                    check.call();
                } catch (RuntimeException e) {
                    // the first request's own answer reports it
                    LOG.debugf("Readiness check %s beside the start: %s", check.getClass().getSimpleName(), e.getMessage());
                }
            }
        });
    }
}
