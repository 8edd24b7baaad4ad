package dev.dockerlab.lesson;

import java.util.List;
import java.util.Set;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Lesson Markdown to HTML: CommonMark with GFM tables and heading anchors. Raw HTML in a lesson is
 * escaped, not passed through. A fenced block whose info string carries {@code run} becomes
 * click-to-run ({@code <pre data-run>}); {@code copy} gives it a copy button. A block quote whose
 * first word is {@code **Tip**} or {@code **Warning**} is styled as such.
 */
final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Set<String> ADMONITIONS = Set.of("tip", "note", "warning");

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> new LessonAttributes())
            .build();

    String toHtml(String markdown) {
        return renderer.render(parser.parse(markdown));
    }

    private static final class LessonAttributes implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, java.util.Map<String, String> attributes) {
            if (node instanceof FencedCodeBlock block && "pre".equals(tagName)) {
                String info = block.getInfo() == null ? "" : block.getInfo();
                for (String word : info.trim().split("\\s+")) {
                    if (word.equals("run")) {
                        attributes.put("data-run", "");
                    } else if (word.equals("copy")) {
                        attributes.put("data-copy", "");
                    }
                }
            } else if (node instanceof BlockQuote quote && "blockquote".equals(tagName)) {
                String kind = admonition(quote);
                if (kind != null) {
                    attributes.put("class", kind);
                }
            }
        }

        private static String admonition(BlockQuote quote) {
            if (quote.getFirstChild() instanceof Paragraph p && p.getFirstChild() instanceof StrongEmphasis strong
                    && strong.getFirstChild() instanceof Text text) {
                String word = text.getLiteral().trim().replaceAll("[:.]$", "").toLowerCase(java.util.Locale.ROOT);
                return ADMONITIONS.contains(word) ? word : null;
            }
            return null;
        }
    }
}
