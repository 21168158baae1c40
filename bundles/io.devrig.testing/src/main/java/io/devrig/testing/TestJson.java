package io.devrig.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.devrig.common.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Terse JSON for tests, read with DevRig's one strict mapper ({@link Json}): duplicate keys
 * and trailing text are errors, as in production. A quote mark stands for the double quote,
 * so JSON fits in a Java string without escapes: {@code TestJson.object("{'a':1}")}.
 *
 * <p>The static methods take single quotes; {@link #quotedBy(char)} gives a reader for
 * another mark (template tests use backticks, because their data holds apostrophes).
 * Text that is already plain JSON reads the same, as long as it holds no quote mark.
 */
public final class TestJson {

    private static final TestJson SINGLE = new TestJson('\'');
    /** The strict mapper with decimals as {@code Double}, as a Java caller typically has them. */
    private static final ObjectReader PLAIN = Json.MAPPER.reader()
            .without(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).forType(Object.class);

    private final char mark;

    private TestJson(char mark) {
        this.mark = mark;
    }

    /** A reader in which {@code mark} stands for the double quote. */
    public static TestJson quotedBy(char mark) {
        return new TestJson(mark);
    }

    /** {@code j("{'a':1}")} is the text {@code {"a":1}}. */
    public static String j(String singleQuoted) {
        return SINGLE.text(singleQuoted);
    }

    /** One JSON value as a tree (decimals exact). */
    public static JsonNode tree(String singleQuoted) {
        return SINGLE.readTree(singleQuoted);
    }

    /** One JSON value as Java values: {@code Map}, {@code List}, decimals as {@code BigDecimal}. */
    public static Object value(String singleQuoted) {
        return SINGLE.readValue(singleQuoted);
    }

    /** A JSON object as a map, members in order, decimals as {@code BigDecimal}. */
    public static Map<String, Object> object(String singleQuoted) {
        return SINGLE.readObject(singleQuoted);
    }

    /** One JSON value as a tree with decimals as {@code double} nodes (still strict otherwise). */
    public static JsonNode plainTree(String singleQuoted) {
        return SINGLE.readPlainTree(singleQuoted);
    }

    /** One JSON value as Java values with decimals as {@code Double} (still strict otherwise). */
    public static Object plain(String singleQuoted) {
        return SINGLE.readPlain(singleQuoted);
    }

    /** A JSON object as a map with decimals as {@code Double} (still strict otherwise). */
    public static Map<String, Object> plainObject(String singleQuoted) {
        return SINGLE.readPlainObject(singleQuoted);
    }

    /** A JSON-shaped value as compact JSON text. */
    public static String write(Object value) {
        return Json.write(value);
    }

    /** The text with this reader's mark turned into double quotes. */
    public String text(String quoted) {
        return quoted.replace(mark, '"');
    }

    public JsonNode readTree(String quoted) {
        return Json.readTree(text(quoted));
    }

    public Object readValue(String quoted) {
        return Json.read(text(quoted));
    }

    public Map<String, Object> readObject(String quoted) {
        return Json.readObject(text(quoted));
    }

    public Object readPlain(String quoted) {
        return plainly(quoted, PLAIN::readValue);
    }

    public JsonNode readPlainTree(String quoted) {
        return plainly(quoted, PLAIN::readTree);
    }

    private interface Parse<T> {
        T apply(String json) throws IOException;
    }

    private <T> T plainly(String quoted, Parse<T> parse) {
        String json = text(quoted);
        try {
            return parse.apply(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad test JSON: " + json, e);
        }
    }

    public Map<String, Object> readPlainObject(String quoted) {
        if (readPlain(quoted) instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        throw new IllegalArgumentException("expected a JSON object: " + text(quoted));
    }
}
