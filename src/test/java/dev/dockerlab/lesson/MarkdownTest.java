package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    private final Markdown markdown = new Markdown();

    @Test
    void fencedBlocksMarkedRunCopyOrInterruptGetTheirDataAttributes() {
        String html = markdown.toHtml("```bash run\nls\n```\n\n```sh copy\npwd\n```\n\n```sh run interrupt\ntop\n```\n");
        assertThat(html).contains("<pre data-run=\"\"><code class=\"language-bash\">ls")
                .contains("<pre data-copy=\"\"><code class=\"language-sh\">pwd")
                .contains("<pre data-run=\"\" data-interrupt=\"\"><code class=\"language-sh\">top");
    }

    @Test
    void killercodaInlineMarkersBecomeClickableCodeAndDisappearFromTheText() {
        String html = markdown.toHtml("Run `ls -l`{{exec}} then `top`{{exec interrupt}} and copy `/tmp`{{copy}} now.");
        assertThat(html).as(html)
                .contains("<code class=\"inline-run\" data-run=\"\" tabindex=\"0\">ls -l</code>")
                .contains("<code class=\"inline-run\" data-run=\"\" data-interrupt=\"\" tabindex=\"0\">top</code>")
                .contains("<code class=\"inline-copy\" data-copy=\"\" tabindex=\"0\">/tmp</code> now.")
                .doesNotContain("{{");
    }

    @Test
    void killercodaMarkersAfterTheClosingFenceMoveIntoTheInfoString() {
        String converted = Markdown.fromKillercoda("Text\n\n```\nuname -r\n```{{exec}}\n\n```bash\necho hi\n```{{copy}}\n\n```\nwatch date\n```{{exec interrupt}}\nafter\n");
        assertThat(converted).isEqualTo("Text\n\n```plain run\nuname -r\n```\n\n```bash copy\necho hi\n```\n\n```plain run interrupt\nwatch date\n```\nafter\n");
        assertThat(markdown.runnableCommands(converted)).containsExactly("uname -r", "watch date");
    }

    @Test
    void aPlainClosingFenceEndsTheBlockSoALaterMarkerIsNotMisread() {
        String text = "```\na\n```\n\n`b`{{exec}}\n";
        assertThat(Markdown.fromKillercoda(text)).isEqualTo(text);
        assertThat(markdown.runnableCommands(text)).containsExactly("b");
    }

    @Test
    void relativeImagesPointIntoTheLessonFolderButNeverOutOfIt() {
        String html = markdown.toHtml("![a](../images/a.png) ![b](../../other/b.png) ![c](https://example.org/c.png)",
                "/lessons/demo/steps/");
        assertThat(html).contains("src=\"/lessons/demo/images/a.png\"")
                .contains("src=\"../../other/b.png\"")
                .contains("src=\"https://example.org/c.png\"");
    }

    @Test
    void rawHtmlIsShownAsTextNotRendered() {
        assertThat(markdown.toHtml("<script>alert(1)</script>")).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void admonitionsAreRecognisedInEnglishAndKorean() {
        assertThat(markdown.toHtml("> **Tip:** x")).contains("<blockquote class=\"tip\">");
        assertThat(markdown.toHtml("> **주의:** x")).contains("<blockquote class=\"warning\">");
        assertThat(markdown.toHtml("> **참고:** x")).contains("<blockquote class=\"note\">");
        assertThat(markdown.toHtml("> **Bold** x")).contains("<blockquote>");
    }

    @Test
    void killercodasCopySemanticsPlainInlineCodeCopiesAnEmptyMarkerDoesNotAndLinksStayLinks() {
        String html = markdown.killercodaToHtml("Copy `ps aux`, not `this`{{}}, run `ls`{{exec}}, [see `man`](https://x.org).", null);
        assertThat(html).as(html)
                .contains("<code class=\"inline-copy\" data-copy=\"\" tabindex=\"0\">ps aux</code>")
                .contains("<code>this</code>")
                .contains("<code class=\"inline-run\" data-run=\"\" tabindex=\"0\">ls</code>")
                .contains("href=\"https://x.org\">see <code>man</code></a>")
                .doesNotContain("{{");
        assertThat(markdown.toHtml("Plain `code` in dockerlab's own lessons, and `x`{{}}")).contains("<code>code</code>")
                .contains("<code>x</code>").doesNotContain("{{");
    }

    @Test
    void lineBreaksDropDownsAndInlineFormattingRenderAndTheirMarkdownInsideToo() {
        String html = markdown.killercodaToHtml(Markdown.fromKillercoda(
                "One<br>two<br/>\n\n<details>\n<summary>Solution</summary>\n\n```\nls -l\n```{{exec}}\n\n</details>\n\n"
                        + "<b>bold</b> <kbd>Ctrl</kbd>+<kbd>C</kbd> H<sub>2</sub>O &nbsp;"), null);
        assertThat(html).as(html).contains("One<br>two<br>").contains("<details>").contains("<summary>Solution</summary>")
                .contains("<pre data-run=\"\"><code class=\"language-plain\">ls -l").contains("</details>")
                .contains("<b>bold</b>").contains("<kbd>Ctrl</kbd>").contains("H<sub>2</sub>O");
    }

    @Test
    void rawHtmlNeverRunsScriptScriptsHandlersStylesAndJavascriptAddressesAreGone() {
        String html = markdown.toHtml("<b onclick=\"alert(1)\" style=\"position:fixed\">x</b> <a href=\"javascript:alert(2)\">a</a>"
                + " <a href=\"jav&#x61;script:alert(3)\">b</a> <img src=x onerror=alert(4)> <iframe src=\"https://e.org\"></iframe>"
                + " <svg onload=alert(5)></svg> <a href=\"https://ok.org\" target=\"_top\">ok</a>\n\n<script>\nalert(6)\n</script>\n");
        assertThat(html).as(html).doesNotContain("onclick").doesNotContain("style=").doesNotContain("javascript")
                .doesNotContain("onerror").doesNotContain("<iframe").doesNotContain("<svg").doesNotContain("<script")
                .doesNotContain("target=").doesNotContain("jav&")
                .contains("<b>x</b>").contains("<a href=\"https://ok.org\">ok</a>").contains("&lt;iframe")
                .contains("&lt;script&gt;");
    }

    @Test
    void aStrayClosingTagCannotCloseThePagesOwnElementsAndAnOpenOneIsClosed() {
        String html = markdown.toHtml("text</div></section></article><div>open\n\n<details><summary>s</summary>\n\nbody\n");
        assertThat(html).as(html).doesNotContain("</section>").doesNotContain("</article>");
        assertThat(count(html, "<div>")).isEqualTo(count(html, "</div>"));
        assertThat(count(html, "<details>")).isEqualTo(count(html, "</details>"));
    }

    @Test
    void relativeAddressesInRawHtmlPointIntoTheLessonFolderLikeMarkdownOnes() {
        String html = markdown.killercodaToHtml("<img src=\"./assets/logo.png\" alt=\"logo\" width=\"80\">", "/lessons/demo/");
        assertThat(html).as(html).contains("src=\"/lessons/demo/assets/logo.png\"").contains("alt=\"logo\"").contains("width=\"80\"");
    }

    @Test
    void killercodaSolutionsKeepEachBlocksInterrupt() {
        String text = Markdown.fromKillercoda("`sleep 100`{{exec}}\n\n```\nwatch date\n```{{exec interrupt}}\n\n`ls`{{exec interrupt}}\n");
        assertThat(markdown.runs(text)).containsExactly(new Lesson.Run("sleep 100", false), new Lesson.Run("watch date", true),
                new Lesson.Run("ls", true));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
