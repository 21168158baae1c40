package io.devrig.api.ai;

/**
 * A model's answer (seed §4 {@code AICompleteResponse}).
 *
 * @param finishReason {@code end_turn}, {@code max_tokens}, {@code tool_use} or {@code stop}
 */
public record AICompletion(String content, String model, String provider, AIUsage usage, long durationMs,
        String finishReason) {
}
