package io.devrig.condition.internal;

import io.devrig.api.condition.CustomCondition;
import io.devrig.api.plugin.PluginConstants;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link CustomCondition} services, by plugin and condition id. Services come and
 * go with their plugins; lookups see the current set. When a plugin publishes one id
 * twice, the higher service ranking wins, then the older service.
 */
final class CustomConditionRegistry {

    /** One published service. */
    record Entry(String pluginId, String type, CustomCondition condition, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> PREFERRED = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Why a service with these properties cannot be used, or null when it can: it must
     * name its condition and carry the matching {@code devrig.capability=flowNode:<id>},
     * which is what makes the plugin host check that the plugin declared it.
     */
    static String refusal(Object type, Object capability) {
        if (!(type instanceof String id) || id.isBlank()) {
            return "its " + CustomCondition.TYPE_PROPERTY + " property is missing or not a string";
        }
        String expected = "flowNode:" + id;
        if (!expected.equals(capability)) {
            return "its " + PluginConstants.CAPABILITY_PROPERTY + " property is " + capability + ", expected "
                    + expected;
        }
        return null;
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    void remove(long serviceId) {
        entries.removeIf(e -> e.serviceId() == serviceId);
    }

    Optional<CustomCondition> find(String pluginId, String type) {
        return entries.stream().filter(e -> e.pluginId().equals(pluginId) && e.type().equals(type))
                .min(PREFERRED).map(Entry::condition);
    }

    int size() {
        return entries.size();
    }
}
