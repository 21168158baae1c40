package io.devrig.api.ai;

import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role {@code user} or {@code assistant} (the system prompt is {@link AIRequest#systemPrompt()})
 */
public record AIMessage(String role, String content) {

    public AIMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static AIMessage user(String content) {
        return new AIMessage("user", content);
    }
}
