package io.devrig.api.ai;

import java.util.List;
import java.util.Map;

/**
 * A model call (seed §4 {@code AICompleteRequest}).
 *
 * @param model the model id, or null to let the router choose
 * @param systemPrompt may be null
 * @param maxTokens the most output tokens, or 0 for the model's default
 * @param temperature 0 to 1, or null for the provider's default
 * @param jsonSchema when not null, the answer must be JSON matching it (JSON-compatible values)
 */
public record AIRequest(String model, String systemPrompt, List<AIMessage> messages, int maxTokens,
        Double temperature, Map<String, Object> jsonSchema) {

    public AIRequest {
        messages = List.copyOf(messages);
        jsonSchema = jsonSchema == null ? null : Map.copyOf(jsonSchema);
    }
}
