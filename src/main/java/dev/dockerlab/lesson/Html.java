package dev.dockerlab.lesson;

/** The text of rendered lesson HTML, for answers that are not HTML. */
final class Html {

    private Html() {
    }

    static String toText(String html) {
        return html.replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&")
                .strip();
    }
}
