package dev.dockerlab.support;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Skips a {@link Needs} class whose parts are missing, and says so where the build log shows it. */
public class NeedsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Needs> needs = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, Needs.class));
        if (needs.isEmpty()) {
            return ConditionEvaluationResult.enabled("needs nothing optional");
        }
        Optional<OptionalPart> missing = Arrays.stream(needs.get().value()).filter(p -> !p.isPresent()).findFirst();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every part it needs is here");
        }
        String reason = missing.get().whyMissing();
        if (context.getTestMethod().isEmpty()) {
            System.err.printf("[WARNING] SKIPPED %s: %s%n", context.getRequiredTestClass().getSimpleName(), reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
