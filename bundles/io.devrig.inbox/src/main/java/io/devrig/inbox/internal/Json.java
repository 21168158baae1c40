package io.devrig.inbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON text in and out of the store; object keys sorted so equal metadata gives equal text (and hash). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only JSON-compatible values (checked before) and string lists reach here
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A stored JSON object as a map; {} for null or text that is not an object. */
    static Map<String, Object> readObject(String text) {
        if (text == null || text.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>();
        }
    }

    /** A JSON array of strings, for {@code IN (SELECT value FROM json_each(?))}: one SQL text for any list length. */
    static String array(Collection<String> values) {
        return write(values);
    }
}
