package io.devrig.common.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule by which an action run on an inbox item gets its input from the item: each field
 * the input schema lists in its top-level {@code required} array that the input lacks is taken
 * from the item's {@code metadata} entry of the same name when that entry is there and not
 * null. Nothing else is filled (no optional field, no nested field, no item field outside
 * {@code metadata}): the rule only turns an input that would be refused for a missing field
 * into one that names the item's own, and never changes an input that was valid already. The
 * input always wins. Values are copied as they are, after templates were resolved, so a
 * metadata value that looks like a template stays text.
 */
public final class ItemInput {

    private ItemInput() {
    }

    /**
     * @param input the resolved input
     * @param filled the names taken from the item's metadata
     * @param missing required names neither the input nor the metadata has, in schema order
     */
    public record Filled(Map<String, Object> input, List<String> filled, List<String> missing) {
    }

    /**
     * Applies the rule.
     *
     * @param input the resolved input (templates and value references already resolved)
     * @param inputSchema the action's input schema text, or null
     * @param metadata the item's metadata
     * @return the input with the filled fields; unchanged (and nothing missing) when the schema is
     *         null or unreadable or has no {@code required} array (the schema check reports that)
     */
    public static Filled fill(Map<String, Object> input, String inputSchema, Map<String, Object> metadata) {
        List<String> required = required(inputSchema);
        Map<String, Object> result = new LinkedHashMap<>(input);
        List<String> filled = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (result.containsKey(name)) {
                continue;
            }
            Object value = metadata == null ? null : metadata.get(name);
            if (value == null) {
                missing.add(name);
            } else {
                result.put(name, value);
                filled.add(name);
            }
        }
        return new Filled(result, List.copyOf(filled), List.copyOf(missing));
    }

    private static List<String> required(String schema) {
        if (schema == null) {
            return List.of();
        }
        JsonNode names;
        try {
            names = Json.readTree(schema).path("required");
        } catch (RuntimeException unreadable) {
            return List.of(); // the registry's schema check fails the call and says why
        }
        List<String> result = new ArrayList<>();
        names.forEach(n -> {
            if (n.isTextual()) {
                result.add(n.asText());
            }
        });
        return result;
    }
}
