package io.devrig.condition.internal;

import java.time.Duration;

/**
 * The engine's bounds. The regex step budget is what normally stops catastrophic
 * backtracking (deterministic: the same input stops at the same step on any machine);
 * the regex time limit is a backstop for very long inputs.
 *
 * @param regexBaseSteps characters a regex may read per evaluation, plus ...
 * @param regexStepsPerChar ... this many per character of the input
 * @param regexTimeLimit wall-clock limit of one regex evaluation
 * @param customTimeLimit limit of one custom condition call
 * @param maxDepth deepest nesting of expressions and refs
 * @param maxPatternLength longest regular expression accepted
 */
record Limits(long regexBaseSteps, int regexStepsPerChar, Duration regexTimeLimit, Duration customTimeLimit,
        int maxDepth, int maxPatternLength) {

    static final Limits DEFAULTS = new Limits(1_000_000, 100, Duration.ofMillis(100), Duration.ofMillis(500), 32, 1000);

    Limits {
        if (regexBaseSteps < 1 || regexStepsPerChar < 0 || maxDepth < 1 || maxPatternLength < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The steps a regex may take on an input of {@code length} characters. */
    long regexBudget(int length) {
        return regexBaseSteps + (long) regexStepsPerChar * length;
    }
}
