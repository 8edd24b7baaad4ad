package dev.dockerlab.i18n;

import java.time.Duration;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Chooses each request's language once ({@link Languages}); a page asked for with {@code ?lang=}
 * also remembers the choice in a cookie, so the switch on the page sticks for the next pages.
 */
public class LanguageFilter {

    static final Duration LIFETIME = Duration.ofDays(365);

    @RouteFilter(90)
    void chooseLanguage(RoutingContext context) {
        String language = Languages.choose(context);
        context.put(Languages.CHOSEN, language);
        String asked = context.request().getParam(Languages.QUERY);
        Cookie current = context.request().getCookie(Languages.COOKIE);
        if (Languages.isSupported(asked) && (current == null || !asked.equals(current.getValue()))) {
            context.response().addCookie(Cookie.cookie(Languages.COOKIE, asked)
                    .setPath("/")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX)
                    .setMaxAge(LIFETIME.toSeconds())
                    .setSecure(context.request().isSSL()));
        }
        context.next();
    }
}
