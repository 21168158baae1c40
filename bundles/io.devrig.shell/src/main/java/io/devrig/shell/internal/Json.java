package io.devrig.shell.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Re-indents JSON for reading at a console. It copies token by token: key order and
 * numbers ({@code 1.10} stays {@code 1.10}) stay as given; text with a repeated key is not
 * well-formed for DevRig's strict factory and is shown as stored. Control characters
 * inside strings (C0, DEL and C1, which a terminal may act on) come out as JSON escapes,
 * never raw.
 */
final class Json {

    // DevRig's one strict factory: a repeated key is a syntax error here as in the engine
    private static final JsonFactory FACTORY = io.devrig.common.json.Json.FACTORY;

    private Json() {
    }

    /**
     * {@code json} indented by two spaces, one member or element a line ({@code "key": value}),
     * {@code {}} and {@code []} when empty; the text unchanged (stripped) when it is not one
     * well-formed JSON value.
     */
    static String pretty(String json) {
        if (json == null || json.isBlank()) {
            return "{}";
        }
        StringWriter text = new StringWriter();
        try (JsonParser parser = FACTORY.createParser(json); JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.setPrettyPrinter(printer());
            generator.setCharacterEscapes(ControlEscapes.INSTANCE);
            if (parser.nextToken() == null) {
                return asIs(json);
            }
            copyValue(parser, generator, false);
            if (parser.nextToken() != null) {
                // trailing content: not ours to tidy up
                return asIs(json);
            }
        } catch (IOException malformed) {
            return asIs(json);
        }
        return text.toString();
    }

    /**
     * {@code json} on one line without blanks ({@code {"a":[1,2]}}), control characters
     * escaped as in {@link #pretty}; when it is not one well-formed JSON value, the text
     * with each run of control characters made one space. "" for null.
     */
    static String compact(String json) {
        String out = oneLine(json, false);
        return out != null ? out : PluginText.clean(json);
    }

    /** What a masked value is shown as. */
    static final String MASK = "***";

    /**
     * Member names whose values are secrets: passwords, tokens, API keys, authorization
     * headers, credentials, private keys, cookies (any case, anywhere in the name).
     */
    static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "(?i)(password|passwd|passphrase|secret|token|api[-_]?key|authorization|credential|private[-_]?key|cookie)");

    /**
     * {@link #compact} with the value of every member whose name looks like a secret
     * ({@link #SECRET_NAME}), at any depth, shown as {@value #MASK}: how node inputs and
     * outputs are printed ({@code run-show}, {@code dry-run}). Text that is not one JSON
     * value is not shown at all (it could not be masked). "" for null.
     */
    static String masked(String json) {
        String out = oneLine(json, true);
        return out != null ? out : "(not one JSON value; not shown)";
    }

    /**
     * One JSON value on one line, secret-looking members masked when {@code mask}; "" for
     * null or blank, null when the text is not one well-formed JSON value.
     */
    private static String oneLine(String json, boolean mask) {
        if (json == null || json.isBlank()) {
            return "";
        }
        StringWriter text = new StringWriter();
        try (JsonParser parser = FACTORY.createParser(json); JsonGenerator generator = FACTORY.createGenerator(text)) {
            generator.setCharacterEscapes(ControlEscapes.INSTANCE);
            if (parser.nextToken() == null) {
                return null;
            }
            copyValue(parser, generator, mask);
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (IOException malformed) {
            return null;
        }
        return text.toString();
    }

    /** Whether {@code json} starts with an object ({@code {}); meant for text {@link #syntaxError} accepted. */
    static boolean isObject(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parser.nextToken() == JsonToken.START_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The scalar members of a JSON object as text ({@code null} members left out, nested
     * values skipped), in their order; empty when {@code json} is not an object.
     */
    static java.util.Map<String, String> scalarFields(String json) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return fields;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL && value != null) {
                    fields.putIfAbsent(name, parser.getText());
                }
            }
        } catch (IOException malformed) {
            // what was read before the break is still worth showing
        }
        return fields;
    }

    /**
     * A JSON-compatible value ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}, null) as compact JSON; any other object as its text (a string).
     */
    static String write(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            writeValue(generator, value);
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new java.io.UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof java.math.BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof java.math.BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                // JSON has no NaN or infinity
                g.writeString(value.toString());
            }
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof java.util.Map<?, ?> map) {
            g.writeStartObject();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object element : list) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] array) {
            writeValue(g, java.util.Arrays.asList(array));
        } else {
            g.writeString(value.toString());
        }
    }

    /**
     * A JSON object as JSON-compatible Java values, read by DevRig's one strict mapper
     * ({@link io.devrig.common.json.Json#readObject}): members in their order, a repeated
     * key refused, whole numbers as {@code Integer}, {@code Long} or {@code BigInteger},
     * decimals exactly as {@code BigDecimal}. Meant for text {@link #syntaxError} accepted
     * and {@link #isObject} confirmed.
     *
     * @throws IllegalArgumentException when it is not one JSON object
     */
    static java.util.Map<String, Object> readObject(String json) {
        return io.devrig.common.json.Json.readObject(json);
    }

    // not JSON: shown as stored, but without control characters other than line breaks and tabs
    private static String asIs(String json) {
        return json.strip().replaceAll("[\\p{Cc}&&[^\\n\\t]]", " ");
    }

    /**
     * Where {@code json} stops being one well-formed JSON value ({@code line 1, column 2}),
     * or null when it is one. Says nothing about the text itself: settings may be sensitive.
     */
    static String syntaxError(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                return "no JSON value";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "more than one JSON value (line " + parser.currentTokenLocation().getLineNr() + ", column "
                        + parser.currentTokenLocation().getColumnNr() + ")";
            }
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return at == null ? "malformed" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        } catch (IOException e) {
            return "malformed";
        }
    }

    /** Copies the value at the parser's current token; numbers as their very text ({@code -0.0}, {@code 1e400}). */
    /** Copies the value at the parser, masking secret-looking members ({@link #SECRET_NAME}) when {@code mask}. */
    private static void copyValue(JsonParser parser, JsonGenerator generator, boolean mask) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        do {
            switch (token) {
                case START_OBJECT -> {
                    generator.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    generator.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    generator.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    generator.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> {
                    generator.writeFieldName(parser.currentName());
                    if (mask && SECRET_NAME.matcher(parser.currentName()).find()) {
                        if (parser.nextToken() == JsonToken.VALUE_NULL) {
                            generator.writeNull();
                        } else {
                            parser.skipChildren();
                            generator.writeString(MASK);
                        }
                    }
                }
                case VALUE_STRING -> generator.writeString(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
                case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> generator.writeNull();
                default -> throw new IOException("unexpected token " + token);
            }
        } while (depth > 0 && (token = parser.nextToken()) != null);
        if (depth > 0) {
            throw new IOException("unexpected end of input");
        }
    }

    /** The standard escapes, plus DEL and the C1 controls (U+0080 to U+009F), which JSON allows raw. */
    private static final class ControlEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        static final ControlEscapes INSTANCE = new ControlEscapes();
        private final int[] ascii;

        private ControlEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0x80 && ch <= 0x9F ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

    private static DefaultPrettyPrinter printer() {
        DefaultIndenter lines = new DefaultIndenter("  ", DefaultIndenter.SYS_LF);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(lines);
        printer.indentArraysWith(lines);
        return printer;
    }
}
