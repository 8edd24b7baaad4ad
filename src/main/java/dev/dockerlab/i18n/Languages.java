package dev.dockerlab.i18n;

import java.util.List;
import java.util.Locale;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Which language a request is answered in: {@code ?lang=} first, then the language cookie the
 * switch on the page set, then {@code Accept-Language}, then English.
 */
public final class Languages {

    /** Languages the interface is written in; English is the default and the fallback. */
    public static final List<String> SUPPORTED = List.of("en", "ko");
    public static final String DEFAULT = "en";
    public static final String COOKIE = "dockerlab_lang";
    public static final String QUERY = "lang";

    static final String CHOSEN = "dockerlab.language";

    private Languages() {
    }

    /** The request's language, as {@link LanguageFilter} chose it. */
    public static String of(RoutingContext context) {
        String chosen = context.get(CHOSEN);
        return chosen != null ? chosen : choose(context);
    }

    /** A language's name in itself, for the switch. */
    public static String nameOf(String language) {
        return switch (language) {
            case "ko" -> "한국어";
            case "en" -> "English";
            default -> language;
        };
    }

    public static Locale locale(String language) {
        return Locale.forLanguageTag(language);
    }

    static String choose(RoutingContext context) {
        Cookie cookie = context.request().getCookie(COOKIE);
        return resolve(context.request().getParam(QUERY), cookie == null ? null : cookie.getValue(),
                context.request().getHeader("Accept-Language"));
    }

    static String resolve(String query, String cookie, String acceptLanguage) {
        if (isSupported(query)) {
            return query;
        }
        if (isSupported(cookie)) {
            return cookie;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                String tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
                if (tag != null) {
                    return tag;
                }
            } catch (IllegalArgumentException e) {
                // a malformed header counts as none
            }
        }
        return DEFAULT;
    }

    static boolean isSupported(String language) {
        return language != null && SUPPORTED.contains(language);
    }
}
