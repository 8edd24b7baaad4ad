package dev.dockerlab.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs an optional part of the machine: without it the class is skipped, with
 * the reason and what to run printed, before anything of it starts. A {@code @QuarkusTest} with a
 * profile is then never started, so a missing part cannot take a neighbouring test down with a
 * failed start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsCondition.class)
public @interface Needs {

    OptionalPart[] value();
}
