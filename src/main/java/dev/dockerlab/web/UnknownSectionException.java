package dev.dockerlab.web;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.dockerlab.sandbox.PanelFacts.Section;

/** The panel was asked for a section it does not have; answered 400. */
public class UnknownSectionException extends RuntimeException {

    public UnknownSectionException(String asked) {
        super("The panel has no section '" + (asked == null ? "" : asked.length() > 40 ? asked.substring(0, 40) + "…" : asked)
                + "': ask for one of " + Arrays.stream(Section.values()).map(Section::id).collect(Collectors.joining(", "))
                + ".");
    }
}
