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
}
