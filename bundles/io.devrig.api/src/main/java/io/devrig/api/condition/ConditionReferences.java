package io.devrig.api.condition;

import java.util.Set;

/**
 * What a compiled condition reads, for checks at save time (e.g. that referenced nodes
 * come before the edge, or that named secrets exist). Sets are sorted and immutable.
 *
 * @param nodeIds node ids of {@code node} refs
 * @param envKeys keys of {@code env} refs
 * @param secretNames names of {@code secret} refs
 * @param customConditions {@code pluginId/functionName} of {@code custom} expressions
 */
public record ConditionReferences(Set<String> nodeIds, Set<String> envKeys, Set<String> secretNames,
        Set<String> customConditions) {

    public ConditionReferences {
        nodeIds = sorted(nodeIds);
        envKeys = sorted(envKeys);
        secretNames = sorted(secretNames);
        customConditions = sorted(customConditions);
    }

    private static Set<String> sorted(Set<String> values) {
        return values == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(values));
    }
}
