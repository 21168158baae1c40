package io.devrig.action.flow.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.common.action.InputErrors;
import io.devrig.common.json.JsonPathText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the resolved input. The registry has already checked it against the input schema,
 * but the executors check again so that a direct call (tests, another caller) gets the same
 * clear {@code INVALID_INPUT} naming the JSON path instead of a ClassCastException.
 */
final class Inputs {

    private Inputs() {
    }

    static DevRigException invalid(String path, String message) {
        return InputErrors.atPath(path, message);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw invalid(path, "must be a JSON object (keys must be strings)");
                }
            }
            return (Map<String, Object>) map;
        }
        throw invalid(path, "must be a JSON object, got " + kind(value));
    }

    /** Fails on the first key outside {@code allowed}, so a typo is never silently ignored. */
    static void onlyKeys(Map<String, Object> object, String path, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(JsonPathText.key(path, key), "unknown property (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** An integral number within [min, max]; {@code 5.0} counts as an integer as in JSON Schema. */
    static long integer(Object value, String path, long min, long max) {
        long result;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            result = ((Number) value).longValue();
        } else if (value instanceof Number number) {
            BigDecimal decimal;
            try {
                decimal = number instanceof BigDecimal d ? d
                        : number instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(number.toString());
            } catch (NumberFormatException e) {
                throw invalid(path, "must be an integer from " + min + " to " + max);
            }
            try {
                result = decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(path, "must be an integer from " + min + " to " + max);
            }
        } else {
            throw invalid(path, "must be an integer from " + min + " to " + max + ", got " + kind(value));
        }
        if (result < min || result > max) {
            throw invalid(path, "must be an integer from " + min + " to " + max + ", got " + result);
        }
        return result;
    }

    static boolean bool(Object value, String path) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(path, "must be true or false, got " + kind(value));
    }

    static String string(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        throw invalid(path, "must be a string, got " + kind(value));
    }

    static List<?> array(Object value, String path) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw invalid(path, "must be an array, got " + kind(value));
    }

    /** An ISO-8601 instant with an offset ({@code 2026-05-01T08:00:00Z} or {@code ...+02:00}). */
    static Instant instant(Object value, String path) {
        String text = string(value, path).trim();
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(path, "must be an ISO-8601 instant with a zone offset such as 2026-05-01T08:00:00Z");
        }
    }

    /** The JSON kind of a value, for messages (never the value itself: it may be a secret). */
    static String kind(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        }
        return "a non-JSON value";
    }
}
