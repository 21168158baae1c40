package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.common.json.Json;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Explicit conversions, the only way a value changes type. Absent and null pass through
 * unchanged; a value that cannot be converted is an evaluation error
 * ({@link ConditionErrors#CONDITION_CAST_FAILED}), not false: the author said what the
 * data must be, and a silent false would turn into true under a {@code not}.
 */
enum CastType {
    STRING, NUMBER, INTEGER, BOOLEAN;

    /** Decimal number syntax (leading zeros allowed: "007" is 7); strings are trimmed first. */
    private static final Pattern NUMBER_TEXT = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Longer strings are not numbers anyone means (and BigDecimal parsing is not linear). */
    private static final int MAX_NUMBER_TEXT = 100;
    /** Numbers whose exponent is larger print in scientific notation rather than as thousands of digits. */
    private static final int MAX_PLAIN_EXPONENT = 40;

    String dslName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<CastType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.dslName().equals(name)).findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(CastType::dslName).collect(Collectors.joining(", "));
    }

    /**
     * @param secret whether the value comes from a secret: then the error does not show it
     * @param where JSON path of the cast, for the error
     */
    JsonNode apply(JsonNode value, boolean secret, String where) {
        if (value == null || value.isNull()) {
            return value;
        }
        JsonNode result = switch (this) {
            case STRING -> toText(value);
            case NUMBER -> toNumber(value);
            case INTEGER -> toInteger(value);
            case BOOLEAN -> toBoolean(value);
        };
        if (result == null) {
            String shown = secret ? "a secret " + Values.kindName(value) : Values.kindName(value) + " " + Json.abbreviate(value, 40);
            throw new DevRigException(ConditionErrors.CONDITION_CAST_FAILED, ErrorCategory.PERMANENT,
                    where + ": cannot cast " + shown + " to " + dslName());
        }
        return result;
    }

    private static JsonNode toText(JsonNode v) {
        if (v.isTextual()) {
            return v;
        }
        if (v.isBoolean()) {
            return TextNode.valueOf(Boolean.toString(v.booleanValue()));
        }
        if (v.isNumber()) {
            if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
                return null;
            }
            if (v.isIntegralNumber()) {
                return TextNode.valueOf(v.bigIntegerValue().toString());
            }
            BigDecimal d = v.decimalValue().stripTrailingZeros();
            boolean plain = Math.abs((long) d.precision() - d.scale()) <= MAX_PLAIN_EXPONENT && Math.abs(d.scale()) <= MAX_PLAIN_EXPONENT;
            return TextNode.valueOf(plain ? d.toPlainString() : d.toString());
        }
        return null; // objects and arrays have no one obvious text
    }

    private static JsonNode toNumber(JsonNode v) {
        if (v.isNumber()) {
            return v;
        }
        return v.isTextual() ? parse(v.textValue()) : null;
    }

    private static JsonNode toInteger(JsonNode v) {
        JsonNode number = toNumber(v);
        if (number == null) {
            return null;
        }
        if (number.isIntegralNumber()) {
            return number;
        }
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return null;
        }
        BigDecimal d = number.decimalValue().stripTrailingZeros();
        // 5.0 is an integer; 5.5 is not (no rounding: that would be a silent change of value)
        return d.scale() <= 0 && d.precision() - d.scale() <= MAX_NUMBER_TEXT ? DecimalNode.valueOf(d.setScale(0)) : null;
    }

    private static JsonNode toBoolean(JsonNode v) {
        if (v.isBoolean()) {
            return v;
        }
        if (v.isTextual()) {
            String t = v.textValue().trim();
            if (t.equalsIgnoreCase("true")) {
                return BooleanNode.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return BooleanNode.FALSE;
            }
        }
        return null; // no 0/1, no "yes": those would be coercion by another name
    }

    private static JsonNode parse(String text) {
        String t = text.trim();
        if (t.length() > MAX_NUMBER_TEXT || !NUMBER_TEXT.matcher(t).matches()) {
            return null;
        }
        try {
            return DecimalNode.valueOf(new BigDecimal(t));
        } catch (NumberFormatException e) {
            return null; // an exponent beyond int range
        }
    }
}
