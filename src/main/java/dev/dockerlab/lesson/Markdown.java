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
 * Lesson Markdown to HTML: CommonMark with GFM tables and heading anchors. Raw HTML in a lesson is
 * escaped, not passed through. A fenced block whose info string carries {@code run} becomes
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
    private static final Pattern INLINE_MARKER = Pattern.compile("^\\{\\{(exec(?:ute)?(?: interrupt)?|copy)\\}\\}");
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");
    private static final Pattern FENCE_MARKER = Pattern.compile(
            "^( {0,3})(`{3,}|~{3,})\\s*\\{\\{(exec(?:ute)?(?: interrupt)?|copy)\\}\\}\\s*$");

    private final Parser parser = Parser.builder().extensions(EXTENSIONS)
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .postProcessor(new InlineMarkers())
            .build();

    String toHtml(String markdown) {
        return toHtml(markdown, null);
    }

    /** Renders; relative addresses resolve against {@code base} (e.g. {@code /lessons/slug/steps/}) when given. */
    String toHtml(String markdown, String base) {
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .attributeProviderFactory(context -> new LessonAttributes(base))
                .nodeRendererFactory(MarkedCodeRenderer::new)
                .build();
        return renderer.render(parser.parse(markdown));
    }

    /** The commands of a text's click-to-run code, in order: a Killercoda step's solution. */
    List<String> runnableCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if (words(block.getInfo()).contains("run")) {
                    commands.add(block.getLiteral().stripTrailing());
                }
            }

            @Override
            public void visit(CustomNode node) {
                if (node instanceof MarkedCode code && code.run) {
                    commands.add(code.literal);
                }
            }
        });
        return commands;
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

    /** Replaces {@code `code`{{exec}}} by a {@link MarkedCode} and drops the marker from the text after it. */
    private static final class InlineMarkers implements PostProcessor {
        @Override
        public Node process(Node document) {
            List<Code> marked = new ArrayList<>();
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Code code) {
                    if (code.getNext() instanceof Text text && INLINE_MARKER.matcher(text.getLiteral()).find()) {
                        marked.add(code);
                    }
                }
            });
            for (Code code : marked) {
                Text text = (Text) code.getNext();
                Matcher m = INLINE_MARKER.matcher(text.getLiteral());
                m.find();
                String kind = m.group(1);
                MarkedCode replacement = new MarkedCode(code.getLiteral(), !kind.equals("copy"), kind.endsWith("interrupt"));
                replacement.setSourceSpans(code.getSourceSpans());
                code.insertBefore(replacement);
                code.unlink();
                String rest = text.getLiteral().substring(m.end());
                if (rest.isEmpty()) {
                    text.unlink();
                } else {
                    text.setLiteral(rest);
                }
            }
            return document;
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
