package dev.dockerlab.lesson;

import java.util.List;

/** A lesson as read from its folder, its Markdown already rendered to HTML. */
public record Lesson(
        String slug,
        String title,
        String summary,
        String duration,
        String level,
        int order,
        List<String> objectives,
        List<String> keyPoints,
        String introHtml,
        List<Step> steps,
        String finishHtml,
        List<String> languages,
        String sandbox) {

    /** The sandbox profile the lesson needs ({@code sandbox:} in its front matter), or empty. */
    public java.util.Optional<dev.dockerlab.sandbox.SandboxProfile> sandboxProfile() {
        return dev.dockerlab.sandbox.SandboxProfile.parse(sandbox);
    }

    public record Step(int number, String title, String html) {
    }
}
