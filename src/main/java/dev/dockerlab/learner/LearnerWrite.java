package dev.dockerlab.learner;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks an API endpoint that acts for the learner (a check, an answer, a reset): {@link LearnerWriteFilter}
 * lets it run only with the learner's cookie and from dockerlab's own pages. Every such endpoint
 * carries it, so the rule lives in one place.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface LearnerWrite {
}
