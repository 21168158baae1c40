package io.devrig.api.condition;

/**
 * Error codes of the condition engine, in addition to the shared
 * {@link io.devrig.api.error.ErrorCodes}. An expression that does not compile is
 * {@code INVALID_INPUT}; a failing custom condition keeps the code and category the
 * {@link io.devrig.api.plugin.PluginInvoker} gave it ({@code PLUGIN_TIMEOUT},
 * {@code PLUGIN_ERROR}, {@code PLUGIN_BUSY}, {@code PLUGIN_CIRCUIT_OPEN}).
 */
public final class ConditionErrors {

    private ConditionErrors() {
    }

    /**
     * A {@code matches} expression was stopped by the ReDoS guard: the regular
     * expression used more than its step budget or time limit on the input
     * (catastrophic backtracking). Category permanent: the same input fails again.
     */
    public static final String CONDITION_REGEX_LIMIT = "CONDITION_REGEX_LIMIT";

    /** An explicit {@code cast} could not convert its value (e.g. {@code "abc"} to number). Category permanent. */
    public static final String CONDITION_CAST_FAILED = "CONDITION_CAST_FAILED";

    /**
     * A {@code custom} expression names a condition no active plugin provides.
     * Category plugin: it may succeed once the plugin is installed or enabled.
     */
    public static final String CONDITION_CUSTOM_NOT_FOUND = "CONDITION_CUSTOM_NOT_FOUND";

    /** The evaluation context holds a value that is not JSON-compatible. Category permanent. */
    public static final String CONDITION_CONTEXT_INVALID = "CONDITION_CONTEXT_INVALID";
}
