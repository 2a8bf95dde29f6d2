package io.twine.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps fixture test classes (which fail on purpose) from running unless {@link TwineExtensionTest}
 * runs them through EngineTestKit, which sets {@link #PARAMETER}.
 */
final class OnlyInTestKit implements ExecutionCondition {
    static final String PARAMETER = "io.twine.testing.fixtures";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean).orElse(false)
                ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                : ConditionEvaluationResult.disabled("a fixture for TwineExtensionTest; it fails on purpose");
    }
}
