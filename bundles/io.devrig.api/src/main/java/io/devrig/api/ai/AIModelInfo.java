package io.devrig.api.ai;

import java.util.Set;

/**
 * A model a provider offers (seed §4 {@code AIModelInfo}).
 *
 * @param id the provider's model id ({@code claude-sonnet-4-20250514})
 * @param inputPricePer1kTokens US dollars, 0 for local models
 */
public record AIModelInfo(String id, String name, int contextWindow, int maxOutputTokens,
        Set<AIOperation> operations, double inputPricePer1kTokens, double outputPricePer1kTokens) {

    public AIModelInfo {
        operations = Set.copyOf(operations);
    }
}
