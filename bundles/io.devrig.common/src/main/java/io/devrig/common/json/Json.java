package io.devrig.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON mapper configuration of DevRig. Reading is strict and exact:
 * <ul>
 * <li>a key repeated in one object is an error ({@code STRICT_DUPLICATE_DETECTION}, for
 * trees and Java values alike): otherwise one of two values would silently win;</li>
 * <li>anything after the one JSON value is an error ({@code FAIL_ON_TRAILING_TOKENS});</li>
 * <li>decimals are read as {@code BigDecimal} and kept as written ({@code 1.10} stays
 * {@code 1.10}, {@code 0.1} is exactly 0.1, a 40-digit number keeps every digit);
 * whole numbers are {@code Integer}, {@code Long} or {@code BigInteger} by size.</li>
 * </ul>
 * Writing is Jackson's default (map entries in their order); {@link #SORTED} writes map
 * entries ordered by key, for stored JSON whose text must be stable. Both are
 * thread-safe. Only JSON-shaped values should be written: convert foreign objects with
 * {@link JsonTrees#toTree} first, which refuses what is not JSON instead of calling getters.
 */
public final class Json {

    /** Tree nodes that keep decimals exactly as given (no trailing zeros stripped). */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The strict mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(NODES)
            .build();

    /** {@link #MAPPER}'s writer with map entries ordered by key: equal values give equal text. */
    public static final ObjectWriter SORTED = MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The streaming factory of {@link #MAPPER} (strict duplicate detection on), for token-level readers. */
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private Json() {
    }

    /**
     * Parses one JSON value into a tree.
     *
     * @throws IllegalArgumentException when the text is not exactly one JSON value; the
     *         message says where ({@code line 1, column 7}) and why, without quoting the text
     */
    public static JsonNode readTree(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(problem(e), e);
        }
    }

    /**
     * Parses one JSON value into plain Java values ({@code Map}, {@code List}, {@code String},
     * {@code BigDecimal} or whole numbers, {@code Boolean}, null).
     *
     * @throws IllegalArgumentException as {@link #readTree}
     */
    public static Object read(String text) {
        return JsonTrees.toJava(readTree(text));
    }

    /**
     * Parses a JSON object into a map (members in their order).
     *
     * @throws IllegalArgumentException when the text is not exactly one JSON object
     */
    public static Map<String, Object> readObject(String text) {
        JsonNode node = readTree(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + JsonTrees.kind(node));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) JsonTrees.toJava(node);
        return map;
    }

    /** A JSON-shaped value (or tree) as compact JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write}, map entries ordered by key. */
    public static String writeSorted(Object value) {
        try {
            return SORTED.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON of a tree, cut to {@code max} characters ({@code …} marks the cut). */
    public static String abbreviate(JsonNode node, int max) {
        String text = node.toString();
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /** What is wrong and where, without the source text (it may hold secrets). */
    static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        var at = e.getLocation();
        return (message == null ? "malformed JSON" : message)
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
