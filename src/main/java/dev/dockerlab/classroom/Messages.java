package dev.dockerlab.classroom;

import dev.dockerlab.i18n.AppMessages;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** The interface's sentences in a request's language. */
final class Messages {

    private Messages() {
    }

    static AppMessages of(String language) {
        return MessageBundles.get(AppMessages.class, Localized.Literal.of(language));
    }
}
