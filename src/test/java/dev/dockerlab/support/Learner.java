package dev.dockerlab.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser's identity: loads the catalog once and keeps the learner cookie it was given. */
public record Learner(String cookieValue) {

    public static Learner arrive(URI base) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("/")).GET().build(), HttpResponse.BodyHandlers.discarding());
            String setCookie = response.headers().firstValue("set-cookie")
                    .orElseThrow(() -> new AssertionError("the first page set no learner cookie"));
            String value = setCookie.split(";", 2)[0];
            if (!value.startsWith("dockerlab_learner=")) {
                throw new AssertionError("unexpected cookie " + setCookie);
            }
            return new Learner(value.substring("dockerlab_learner=".length()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String cookie() {
        return "dockerlab_learner=" + cookieValue;
    }

    public dev.dockerlab.learner.LearnerId id() {
        return new dev.dockerlab.learner.LearnerId(cookieValue);
    }

    public TerminalClient terminal(URI base) {
        return TerminalClient.open(base, cookie());
    }

    /** The terminal beside a lesson, as the lesson page opens it (a lesson may need a sandbox with Docker). */
    public TerminalClient terminal(URI base, String lessonSlug) {
        return TerminalClient.open(base, cookie(), base.getScheme() + "://" + base.getAuthority(), "lesson=" + lessonSlug);
    }
}
