package io.devrig.api.action;

/** Error codes of the action pipeline. */
public final class ActionErrors {

    private ActionErrors() {
    }

    /**
     * No executor for the action type (category transient: a plugin being updated or a
     * bundle being restarted brings it back, so the default retry policy retries it).
     */
    public static final String ACTION_UNKNOWN = "ACTION_UNKNOWN";
    /** The resolved input does not match the input schema (category permanent); details: problems. */
    public static final String ACTION_INPUT_INVALID = "ACTION_INPUT_INVALID";
    /** A template or value reference of the config could not be resolved (category permanent). */
    public static final String ACTION_CONFIG_UNRESOLVED = "ACTION_CONFIG_UNRESOLVED";
    /** The action threw (category plugin unless it said otherwise). */
    public static final String ACTION_FAILED = "ACTION_FAILED";
    /** The action ran past its time limit (category timeout). */
    public static final String ACTION_TIMEOUT = "ACTION_TIMEOUT";
    /** The call was cancelled (category cancelled). */
    public static final String ACTION_CANCELLED = "ACTION_CANCELLED";
    /** A pre-hook refused the call. */
    public static final String ACTION_VETOED = "ACTION_VETOED";
}
