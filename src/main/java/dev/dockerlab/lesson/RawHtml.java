package dev.dockerlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Raw HTML in lesson Markdown, made safe in two layers. First each tag an author wrote is looked
 * at on its own: a tag on the list below is kept with only its harmless attributes (never an
 * event handler, a style or a {@code javascript:} address); any other tag ({@code <script>},
 * {@code <iframe>}, {@code <form>}, a {@code <name>} in prose) is shown as text, as it always was;
 * comments are dropped. Then the whole rendered step goes through jsoup's cleaner, which balances
 * what an author left open or closed too often (a stray {@code </div>} must not close the page's
 * own elements) and checks every address once more after decoding entities.
 */
final class RawHtml {

    /** What Killercoda's scenarios use for layout and emphasis: line breaks, solution drop-downs, inline formatting, tables. */
    static final Set<String> TAGS = Set.of("a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "del",
            "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
            "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strike", "strong", "sub", "summary", "sup",
            "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul");
    private static final Set<String> VOID = Set.of("br", "hr", "img");
    /** Attributes an author may give; everything else (on*, style, class, id, srcset, ...) is dropped. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "a", Set.of("href", "title"),
            "img", Set.of("src", "alt", "title", "width", "height"),
            "details", Set.of("open"),
            "td", Set.of("colspan", "rowspan", "align"),
            "th", Set.of("colspan", "rowspan", "align"),
            "div", Set.of("align"),
            "p", Set.of("align"),
            "table", Set.of("align"));
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src");
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");

    private static final Pattern TOKEN = Pattern.compile(
            "<!--[\\s\\S]*?-->"
                    + "|</([A-Za-z][A-Za-z0-9-]*)\\s*>"
                    + "|<([A-Za-z][A-Za-z0-9-]*)((?:\\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\\s*=\\s*(?:[^\\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*)\\s*(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\\s*=\\s*(?:([^\\s\"'=<>`]+)|'([^']*)'|\"([^\"]*)\"))?");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    /** The jsoup layer: the author's tags above plus every attribute the renderer itself writes. */
    private static final Safelist SAFELIST = new Safelist()
            .addTags(TAGS.toArray(String[]::new))
            .addAttributes(":all", "title", "class", "id", "tabindex", "align", "data-run", "data-copy", "data-interrupt")
            .addAttributes("a", "href")
            .addAttributes("img", "src", "alt", "width", "height")
            .addAttributes("details", "open")
            .addAttributes("td", "colspan", "rowspan")
            .addAttributes("th", "colspan", "rowspan")
            .addAttributes("ol", "start")
            .addProtocols("a", "href", "http", "https", "mailto")
            .addProtocols("img", "src", "http", "https")
            .preserveRelativeLinks(true);
    private static final String CLEANING_BASE = "http://lesson.invalid/";

    private RawHtml() {
    }

    /** One piece of raw HTML as the Markdown parser found it. */
    record Filtered(String html, boolean keptTags) {
    }

    /**
     * The author's raw HTML with allowed tags kept (their addresses passed through {@code resolve})
     * and everything else escaped as text.
     */
    static Filtered filter(String raw, UnaryOperator<String> resolve) {
        StringBuilder out = new StringBuilder();
        boolean kept = false;
        Matcher m = TOKEN.matcher(raw);
        int at = 0;
        while (m.find()) {
            out.append(text(raw.substring(at, m.start())));
            at = m.end();
            String token = m.group();
            if (token.startsWith("<!--")) {
                continue; // an author's note to themselves
            }
            String closing = m.group(1);
            String opening = m.group(2);
            String name = (closing != null ? closing : opening).toLowerCase(Locale.ROOT);
            if (!TAGS.contains(name)) {
                out.append(escape(token));
            } else if (closing != null) {
                if (!VOID.contains(name)) {
                    out.append("</").append(name).append('>');
                }
                kept = true;
            } else {
                out.append('<').append(name).append(attributes(name, m.group(3), resolve)).append('>');
                kept = true;
            }
        }
        out.append(text(raw.substring(at)));
        if (!kept) {
            // nothing worth rendering: all of it shown as text, as before raw HTML was allowed
            return new Filtered(escape(raw.replaceAll("<!--[\\s\\S]*?-->", "")), false);
        }
        return new Filtered(out.toString(), true);
    }

    /** What of {@code raw} is not rendered, in words for the validator: refused tags and dropped attributes. */
    static List<String> refused(String raw) {
        List<String> refused = new ArrayList<>();
        Matcher m = TOKEN.matcher(raw);
        while (m.find()) {
            if (m.group(2) == null) {
                continue;
            }
            String name = m.group(2).toLowerCase(Locale.ROOT);
            if (!TAGS.contains(name)) {
                refused.add("<" + name + "> is shown as text, not rendered (dockerlab renders only "
                        + "formatting tags, never scripts, frames, forms or styles)");
                continue;
            }
            Set<String> allowed = ATTRIBUTES.getOrDefault(name, Set.of());
            Matcher a = ATTRIBUTE.matcher(m.group(3) == null ? "" : m.group(3));
            while (a.find()) {
                String attribute = a.group(1).toLowerCase(Locale.ROOT);
                String value = value(a);
                if (!allowed.contains(attribute)) {
                    refused.add("the " + attribute + " attribute of <" + name + "> is dropped (only "
                            + (allowed.isEmpty() ? "no attributes" : String.join(", ", new java.util.TreeSet<>(allowed)))
                            + " are kept there; never event handlers or styles)");
                } else if (URL_ATTRIBUTES.contains(attribute) && !safeAddress(value)) {
                    refused.add("the address " + value + " of <" + name + "> is dropped (only http, https, mailto and"
                            + " relative addresses are kept)");
                }
            }
        }
        return refused;
    }

    /** The last word on a rendered document that holds raw HTML: balanced, allowed tags, attributes and addresses only. */
    static String clean(String html) {
        Document.OutputSettings settings = new Document.OutputSettings().prettyPrint(false)
                .escapeMode(Entities.EscapeMode.base).charset("UTF-8");
        return Jsoup.clean(html, CLEANING_BASE, SAFELIST, settings);
    }

    private static String attributes(String tag, String text, UnaryOperator<String> resolve) {
        Set<String> allowed = ATTRIBUTES.getOrDefault(tag, Set.of());
        StringBuilder out = new StringBuilder();
        List<String> seen = new ArrayList<>();
        Matcher a = ATTRIBUTE.matcher(text == null ? "" : text);
        while (a.find()) {
            String name = a.group(1).toLowerCase(Locale.ROOT);
            if (!allowed.contains(name) || seen.contains(name)) {
                continue;
            }
            seen.add(name);
            String value = value(a);
            if (URL_ATTRIBUTES.contains(name)) {
                if (!safeAddress(value)) {
                    continue;
                }
                value = resolve.apply(value);
            }
            out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        }
        return out.toString();
    }

    /** An attribute's value as the browser reads it: entities decoded ({@code jav&#x61;script:} is {@code javascript:}). */
    private static String value(Matcher attribute) {
        String raw = attribute.group(2) != null ? attribute.group(2) : attribute.group(3) != null ? attribute.group(3)
                : attribute.group(4) != null ? attribute.group(4) : "";
        return Parser.unescapeEntities(raw, true);
    }

    /** An address without a scheme (relative), or with one of the few harmless ones. */
    static boolean safeAddress(String value) {
        String compact = value.replaceAll("[\\s\\x00-\\x1f]", "");
        Matcher scheme = SCHEME.matcher(compact);
        return !scheme.find() || SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT));
    }

    /** Text between tags: a lone {@code <} or {@code >} stays text; entities such as {@code &nbsp;} work. */
    private static String text(String text) {
        return text.replace("<", "&lt;").replace(">", "&gt;");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
