package dev.dockerlab.support;

import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;

/** One {@code docker stats --no-stream} sample of a container. */
public final class Stats {

    private Stats() {
    }

    public static Statistics of(DockerClient docker, String containerId) {
        Last last = new Last();
        try (Last callback = docker.statsCmd(containerId).withNoStream(true).exec(last)) {
            callback.awaitCompletion(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (last.sample == null) {
            throw new AssertionError("docker stats gave no sample for " + containerId);
        }
        return last.sample;
    }

    private static final class Last extends ResultCallback.Adapter<Statistics> {
        volatile Statistics sample;

        @Override
        public void onNext(Statistics statistics) {
            sample = statistics;
        }
    }
}
