package io.devrig.action.data.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JSON-compatible Java values: checking them (types, array sizes, depth), turning them into
 * Jackson trees without reflection, naming places in them by JSON path, measuring them.
 */
final class Json {

    /** The most elements any array of an input may have. */
    static final int MAX_ARRAY_ELEMENTS = 100_000;
    /** The deepest nesting followed (as Jackson's own reading limit); deeper is refused, not a stack overflow. */
    static final int MAX_DEPTH = 1_000;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final int MAX_KEY_SHOWN = 64;

    private Json() {
    }

    /** The JSON type of a value, for messages: string, number, boolean, object, array, null, or "Java <class>". */
    static String type(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "string";
        } else if (isJsonNumber(value)) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Map) {
            return "object";
        } else if (value instanceof List) {
            return "array";
        }
        return "Java " + value.getClass().getSimpleName();
    }

    private static boolean isJsonNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger || value instanceof Float || value instanceof Short
                || value instanceof Byte;
    }

    /** {@code parent.key}, or {@code parent['key']} when the key is not a plain name; long keys are cut. */
    static String child(String parent, String key) {
        String shown = key.length() <= MAX_KEY_SHOWN ? key : key.substring(0, MAX_KEY_SHOWN) + "…";
        if (NAME.matcher(key).matches()) {
            return parent + "." + shown;
        }
        return parent + "['" + shown.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /**
     * Checks that {@code value} is JSON-compatible: maps with string keys, lists, strings,
     * finite numbers of the standard types, booleans, null; arrays of at most
     * {@link #MAX_ARRAY_ELEMENTS}, nesting of at most {@link #MAX_DEPTH}.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} at the first offending path
     */
    static void check(Object value, String path) {
        walk(value, path, 0, false);
    }

    /** {@link #check} and, in the same walk, a Jackson tree of the value (numbers keep their exact value). */
    static JsonNode tree(Object value, String path) {
        return walk(value, path, 0, true);
    }

    private static JsonNode walk(Object value, String path, int depth, boolean build) {
        if (depth > MAX_DEPTH) {
            throw DataErrors.invalid(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            return build ? NODES.nullNode() : null;
        } else if (value instanceof String s) {
            return build ? NODES.textNode(s) : null;
        } else if (value instanceof Boolean b) {
            return build ? NODES.booleanNode(b) : null;
        } else if (value instanceof Number n) {
            return number(n, path, build);
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode node = build ? NODES.objectNode() : null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw DataErrors.invalid(path, "object keys must be strings, found " + type(e.getKey()));
                }
                JsonNode child = walk(e.getValue(), child(path, key), depth + 1, build);
                if (build) {
                    node.set(key, child);
                }
            }
            return node;
        } else if (value instanceof List<?> list) {
            if (list.size() > MAX_ARRAY_ELEMENTS) {
                throw DataErrors.invalid(path, "array of " + list.size() + " elements; at most "
                        + MAX_ARRAY_ELEMENTS + " are allowed");
            }
            ArrayNode node = build ? NODES.arrayNode(list.size()) : null;
            int i = 0;
            for (Object element : list) {
                JsonNode child = walk(element, index(path, i++), depth + 1, build);
                if (build) {
                    node.add(child);
                }
            }
            return node;
        }
        throw notJson(path, value);
    }

    private static RuntimeException notJson(String path, Object value) {
        return DataErrors.invalid(path, "not a JSON value (" + type(value) + ")");
    }

    private static JsonNode number(Number n, String path, boolean build) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw DataErrors.invalid(path, "number " + d + " is not JSON (only finite numbers are)");
            }
            return build ? (n instanceof Float f ? NODES.numberNode(f) : NODES.numberNode(d)) : null;
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return build ? NODES.numberNode(n.longValue()) : null;
        }
        if (n instanceof BigInteger bi) {
            return build ? NODES.numberNode(bi) : null;
        }
        if (n instanceof BigDecimal bd) {
            return build ? NODES.numberNode(bd) : null;
        }
        throw notJson(path, n);
    }

    /** A number as an exact decimal (a double by its shortest text: 0.1 is 0.1). */
    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal bd) {
            return bd;
        } else if (n instanceof BigInteger bi) {
            return new BigDecimal(bi);
        } else if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /**
     * A decimal as the JSON number to output: an integer ({@code Long}, or {@code BigInteger}
     * beyond long) when the value is whole, else the decimal without trailing zeros.
     */
    static Number output(BigDecimal d) {
        if (d.signum() == 0) {
            return 0L;
        }
        BigDecimal s = d.stripTrailingZeros();
        // a huge exponent would expand to a huge integer: keep such values as decimals
        if (s.scale() <= 0 && s.precision() - s.scale() <= 100) {
            BigInteger bi = s.toBigIntegerExact();
            return bi.bitLength() < 64 ? (Number) bi.longValue() : bi;
        }
        return s;
    }

    /** Whether {@code value} serialised as JSON takes more than {@code maxBytes} UTF-8 bytes (stops writing early). */
    static boolean largerThan(Object value, int maxBytes) {
        CountingStream out = new CountingStream(maxBytes);
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            if (!out.exceeded) {
                throw new IllegalStateException("cannot serialise a checked JSON value", e);
            }
        }
        return out.exceeded;
    }

    /** Counts bytes and fails as soon as there are too many, so a huge value is never written out. */
    private static final class CountingStream extends OutputStream {

        private final long max;
        private long count;
        boolean exceeded;

        CountingStream(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(int n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new IOException("limit reached");
            }
        }
    }
}
