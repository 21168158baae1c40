package io.devrig.api.ai;

/** Tokens a call used (seed §4 {@code AIUsage}); the cost tracker prices them. */
public record AIUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
}
