package dev.dockerlab.lesson;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.parser.PostProcessor;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Lesson Markdown to HTML: CommonMark with GFM tables and heading anchors. Raw HTML is sanitised
 * ({@link RawHtml}): line breaks, drop-downs and inline formatting render, anything else is shown
 * as text, and nothing can run script. A fenced block whose info string carries {@code run} becomes
 * click-to-run ({@code <pre data-run>}, with {@code interrupt}: Ctrl-C first); {@code copy} gives it
 * a copy button. Inline code followed by a Killercoda marker ({@code `ls`{{exec}}}, {@code {{exec
 * interrupt}}}, {@code {{copy}}}) becomes click-to-run or click-to-copy. A block quote whose first
 * word is {@code **Tip**}, {@code **Note**} or {@code **Warning**} is styled as such. Relative image
 * and link addresses point into the lesson's folder.
 */
final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    /** The first bold word of a styled block quote, in the languages lessons are written in. */
    private static final Map<String, String> ADMONITIONS = Map.of(
            "tip", "tip", "note", "note", "warning", "warning",
            "팁", "tip", "참고", "note", "주의", "warning");
    /** {@code {{}}} (empty) is Killercoda's "not copyable": the code stays plain. */
    private static final Pattern INLINE_MARKER = Pattern.compile("^\\{\\{(exec(?:ute)?(?: interrupt)?|copy|)\\}\\}");
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");
    private static final Pattern FENCE_MARKER = Pattern.compile(
            "^( {0,3})(`{3,}|~{3,})\\s*\\{\\{(exec(?:ute)?(?: interrupt)?|copy)\\}\\}\\s*$");

    private final Parser parser = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .postProcessor(new InlineMarkers(false))
            .build();
    /** Killercoda's flavour: plain inline code is click-to-copy unless marked {@code {{}}}. */
    private final Parser killercodaParser = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .postProcessor(new InlineMarkers(true))
            .build();

    String toHtml(String markdown) {
        return toHtml(markdown, null);
    }

    /** Renders; relative addresses resolve against {@code base} (e.g. {@code /lessons/slug/steps/}) when given. */
    String toHtml(String markdown, String base) {
        return render(parser.parse(markdown), base);
    }

    /** Renders a Killercoda scenario's Markdown (already through {@link #fromKillercoda}). */
    String killercodaToHtml(String markdown, String base) {
        return render(killercodaParser.parse(markdown), base);
    }

    private static String render(Node document, String base) {
        boolean[] rawTags = { false };
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(false)
                .sanitizeUrls(true)
                .attributeProviderFactory(context -> new LessonAttributes(base))
                .nodeRendererFactory(MarkedCodeRenderer::new)
                .nodeRendererFactory(context -> new RawHtmlRenderer(context, base, rawTags))
                .build();
        String html = renderer.render(document);
        // only a document that kept some of its author's tags needs the second layer
        return rawTags[0] ? RawHtml.clean(html) : html;
    }

    /** Renders a short text (a quiz option) without the paragraph around it. */
    String toInlineHtml(String markdown, String base) {
        String html = toHtml(markdown, base).strip();
        if (html.startsWith("<p>") && html.endsWith("</p>") && html.indexOf("<p>", 3) < 0) {
            return html.substring(3, html.length() - 4);
        }
        return html;
    }

    /** The commands of a text's click-to-run code, in order: a Killercoda step's solution. */
    List<String> runnableCommands(String markdown) {
        return runs(markdown).stream().map(Lesson.Run::command).toList();
    }

    /** The click-to-run code of a text in order, each with whether it presses Ctrl-C first. */
    List<Lesson.Run> runs(String markdown) {
        List<Lesson.Run> commands = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                List<String> words = words(block.getInfo());
                if (words.contains("run")) {
                    commands.add(new Lesson.Run(block.getLiteral().stripTrailing(), words.contains("interrupt")));
                }
            }

            @Override
            public void visit(CustomNode node) {
                if (node instanceof MarkedCode code && code.run) {
                    commands.add(new Lesson.Run(code.literal, code.interrupt));
                }
            }
        });
        return commands;
    }

    /** Every piece of code in a text (inline and blocks): what it asks the learner to run. */
    List<String> code(String markdown) {
        List<String> code = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Code node) {
                code.add(node.getLiteral());
            }

            @Override
            public void visit(FencedCodeBlock block) {
                code.add(block.getLiteral());
            }

            @Override
            public void visit(org.commonmark.node.IndentedCodeBlock block) {
                code.add(block.getLiteral());
            }

            @Override
            public void visit(CustomNode node) {
                if (node instanceof MarkedCode marked) {
                    code.add(marked.literal);
                }
            }
        });
        return code;
    }

    /** The raw HTML tags of a text that are shown as text, not rendered, with their 0-based line: for the validator. */
    List<Reference> droppedHtml(String markdown) {
        List<Reference> dropped = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlInline html) {
                add(html, html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                add(html, html.getLiteral());
            }

            private void add(Node node, String literal) {
                int line = node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex();
                for (String tag : RawHtml.refused(literal)) {
                    dropped.add(new Reference(tag, line, false));
                }
            }
        });
        return dropped;
    }

    /** A relative image or link address and the 0-based line it is on. */
    record Reference(String destination, int line, boolean image) {
    }

    /** Relative addresses (images, links to files beside the lesson), for the validator. */
    List<Reference> localReferences(String markdown) {
        List<Reference> references = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                add(image, image.getDestination(), true);
                visitChildren(image);
            }

            @Override
            public void visit(Link link) {
                add(link, link.getDestination(), false);
                visitChildren(link);
            }

            private void add(Node node, String destination, boolean image) {
                if (isRelative(destination)) {
                    int line = node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex();
                    references.add(new Reference(destination, line, image));
                }
            }
        });
        return references;
    }

    /**
     * Killercoda writes its markers after the closing fence ({@code ```{{exec}}}), which CommonMark
     * would not take for a closing fence: turn them into words of the opening fence's info string.
     */
    static String fromKillercoda(String markdown) {
        String[] lines = markdown.split("\\R", -1);
        int open = -1;
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            if (open < 0) {
                Matcher m = FENCE.matcher(lines[i]);
                if (m.matches() && !(m.group(2).startsWith("`") && m.group(3).contains("`"))) {
                    open = i;
                    fence = m.group(2);
                }
                continue;
            }
            Matcher marker = FENCE_MARKER.matcher(lines[i]);
            if (marker.matches() && marker.group(2).charAt(0) == fence.charAt(0)
                    && marker.group(2).length() >= fence.length()) {
                String words = marker.group(3).startsWith("copy") ? "copy"
                        : marker.group(3).endsWith("interrupt") ? "run interrupt" : "run";
                Matcher opening = FENCE.matcher(lines[open]);
                opening.matches();
                String info = opening.group(3).strip();
                lines[open] = opening.group(1) + opening.group(2) + (info.isEmpty() ? "plain" : info) + " " + words;
                lines[i] = marker.group(1) + marker.group(2);
                open = -1;
            } else {
                String stripped = lines[i].strip();
                char fenceChar = fence.charAt(0);
                if (stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fenceChar)) {
                    open = -1;
                }
            }
        }
        return String.join("\n", lines);
    }

    static boolean isRelative(String destination) {
        if (destination == null || destination.isBlank() || destination.startsWith("#") || destination.startsWith("/")) {
            return false;
        }
        try {
            return new URI(destination.replace(" ", "%20")).getScheme() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<String> words(String info) {
        return info == null || info.isBlank() ? List.of() : List.of(info.strip().split("\\s+"));
    }

    /** Inline code with a Killercoda marker after it. */
    static final class MarkedCode extends CustomNode {
        final String literal;
        final boolean run;
        final boolean interrupt;

        MarkedCode(String literal, boolean run, boolean interrupt) {
            this.literal = literal;
            this.run = run;
            this.interrupt = interrupt;
        }
    }

    /**
     * Replaces {@code `code`{{exec}}} by a {@link MarkedCode} and drops the marker from the text
     * after it; {@code {{}}} leaves the code plain. In Killercoda's flavour, inline code without a
     * marker is click-to-copy (Killercoda's default), except inside a link, whose click it is.
     */
    private static final class InlineMarkers implements PostProcessor {
        private final boolean copyByDefault;

        InlineMarkers(boolean copyByDefault) {
            this.copyByDefault = copyByDefault;
        }

        @Override
        public Node process(Node document) {
            List<Code> codes = new ArrayList<>();
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Code code) {
                    codes.add(code);
                }
            });
            for (Code code : codes) {
                Matcher m = code.getNext() instanceof Text text ? INLINE_MARKER.matcher(text.getLiteral()) : null;
                if (m == null || !m.find()) {
                    if (copyByDefault && !inLink(code)) {
                        replace(code, new MarkedCode(code.getLiteral(), false, false));
                    }
                    continue;
                }
                Text text = (Text) code.getNext();
                String kind = m.group(1);
                if (!kind.isEmpty()) {
                    replace(code, new MarkedCode(code.getLiteral(), !kind.equals("copy"), kind.endsWith("interrupt")));
                }
                String rest = text.getLiteral().substring(m.end());
                if (rest.isEmpty()) {
                    text.unlink();
                } else {
                    text.setLiteral(rest);
                }
            }
            return document;
        }

        private static void replace(Code code, MarkedCode replacement) {
            replacement.setSourceSpans(code.getSourceSpans());
            code.insertBefore(replacement);
            code.unlink();
        }

        private static boolean inLink(Node node) {
            for (Node n = node.getParent(); n != null; n = n.getParent()) {
                if (n instanceof Link) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The author's raw HTML through {@link RawHtml#filter}; notes in {@code kept} whether any tag of it was rendered. */
    private static final class RawHtmlRenderer implements NodeRenderer {
        private final HtmlWriter html;
        private final String base;
        private final boolean[] kept;

        RawHtmlRenderer(HtmlNodeRendererContext context, String base, boolean[] kept) {
            this.html = context.getWriter();
            this.base = base;
            this.kept = kept;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(HtmlInline.class, HtmlBlock.class);
        }

        @Override
        public void render(Node node) {
            boolean block = node instanceof HtmlBlock;
            String literal = block ? ((HtmlBlock) node).getLiteral() : ((HtmlInline) node).getLiteral();
            RawHtml.Filtered filtered = RawHtml.filter(literal, destination -> base == null ? destination
                    : LessonAttributes.resolve(base, destination));
            kept[0] |= filtered.keptTags();
            if (block) {
                html.line();
                if (filtered.keptTags()) {
                    html.raw(filtered.html());
                } else if (!filtered.html().isBlank()) {
                    // as CommonMark shows an escaped HTML block: a paragraph of text
                    html.tag("p");
                    html.raw(filtered.html());
                    html.tag("/p");
                }
                html.line();
            } else {
                html.raw(filtered.html());
            }
        }
    }

    private static final class MarkedCodeRenderer implements NodeRenderer {
        private final HtmlWriter html;

        MarkedCodeRenderer(HtmlNodeRendererContext context) {
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(MarkedCode.class);
        }

        @Override
        public void render(Node node) {
            MarkedCode code = (MarkedCode) node;
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            attributes.put("class", code.run ? "inline-run" : "inline-copy");
            attributes.put(code.run ? "data-run" : "data-copy", "");
            if (code.interrupt) {
                attributes.put("data-interrupt", "");
            }
            attributes.put("tabindex", "0");
            html.tag("code", attributes);
            html.text(code.literal);
            html.tag("/code");
        }
    }

    private static final class LessonAttributes implements AttributeProvider {
        private final String base;

        LessonAttributes(String base) {
            this.base = base;
        }

        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof FencedCodeBlock block && "pre".equals(tagName)) {
                for (String word : words(block.getInfo())) {
                    switch (word) {
                        case "run" -> attributes.put("data-run", "");
                        case "copy" -> attributes.put("data-copy", "");
                        case "interrupt" -> attributes.put("data-interrupt", "");
                        default -> {
                        }
                    }
                }
            } else if (node instanceof BlockQuote quote && "blockquote".equals(tagName)) {
                String kind = admonition(quote);
                if (kind != null) {
                    attributes.put("class", kind);
                }
            } else if (base != null && node instanceof Image && attributes.containsKey("src")) {
                attributes.put("src", resolve(attributes.get("src")));
            } else if (base != null && node instanceof Link && attributes.containsKey("href")) {
                attributes.put("href", resolve(attributes.get("href")));
            }
        }

        private String resolve(String destination) {
            return resolve(base, destination);
        }

        static String resolve(String base, String destination) {
            if (!isRelative(destination)) {
                return destination;
            }
            try {
                String resolved = URI.create(base).resolve(new URI(destination.replace(" ", "%20"))).toString();
                // never out of the lesson's own folder
                String lessonRoot = base.replaceFirst("^(/lessons/[^/]+/).*$", "$1");
                return resolved.startsWith(lessonRoot) ? resolved : destination;
            } catch (URISyntaxException | IllegalArgumentException e) {
                return destination;
            }
        }

        private static String admonition(BlockQuote quote) {
            if (quote.getFirstChild() instanceof Paragraph p && p.getFirstChild() instanceof StrongEmphasis strong
                    && strong.getFirstChild() instanceof Text text) {
                String word = text.getLiteral().strip().replaceAll("[:.]$", "").toLowerCase(Locale.ROOT);
                return ADMONITIONS.get(word);
            }
            return null;
        }
    }
}
