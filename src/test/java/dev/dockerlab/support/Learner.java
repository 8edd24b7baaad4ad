package dev.dockerlab.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser's identity: loads the catalog once and keeps the learner cookie it was given. The
 * value is the server's own (id and signature); a test never makes one up.
 */
public record Learner(String cookieValue) {

    public static final String COOKIE = dev.dockerlab.learner.LearnerCookies.PLAIN_NAME;

    public static Learner arrive(URI base) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("/")).GET().build(), HttpResponse.BodyHandlers.discarding());
            String setCookie = response.headers().firstValue("set-cookie")
                    .orElseThrow(() -> new AssertionError("the first page set no learner cookie"));
            String value = setCookie.split(";", 2)[0];
            if (!value.startsWith(COOKIE + "=")) {
                throw new AssertionError("unexpected cookie " + setCookie);
            }
            return new Learner(value.substring(COOKIE.length() + 1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String cookie() {
        return COOKIE + "=" + cookieValue;
    }

    public dev.dockerlab.learner.LearnerId id() {
        return idOf(cookieValue);
    }

    /** The learner id in a cookie value the server issued ({@code <id>.<signature>}). */
    public static dev.dockerlab.learner.LearnerId idOf(String cookieValue) {
        return new dev.dockerlab.learner.LearnerId(cookieValue.substring(0, cookieValue.indexOf('.')));
    }

    public TerminalClient terminal(URI base) {
        return TerminalClient.open(base, cookie());
    }

    /** The terminal beside a lesson, as the lesson page opens it (a lesson may need a sandbox with Docker). */
    public TerminalClient terminal(URI base, String lessonSlug) {
        return TerminalClient.open(base, cookie(), base.getScheme() + "://" + base.getAuthority(), "lesson=" + lessonSlug);
    }

    /**
     * A test class's end: its terminals closed, then its learners' sandboxes removed. A null one
     * (a learner the tests that ran never needed) is skipped.
     */
    public static void leave(dev.dockerlab.sandbox.SandboxService sandboxes, TerminalClient[] terminals, Learner... learners) {
        for (TerminalClient t : terminals) {
            if (t != null) {
                t.close();
            }
        }
        for (Learner l : learners) {
            if (l != null) {
                sandboxes.reset(l.id());
            }
        }
    }
}
