package io.devrig.api.ai;

/** What a model is used for; the router picks models by operation (seed §4 {@code AIOperation}). */
public enum AIOperation {
    COMPLETE,
    STREAM,
    CLASSIFY,
    SUMMARIZE,
    DRAFT
}
