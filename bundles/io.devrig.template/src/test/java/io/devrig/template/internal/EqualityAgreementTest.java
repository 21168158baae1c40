package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same pairs as the condition engine's {@code CompareTest.eqAgreesWithTheTemplateEngine}:
 * a user's {@code eq} gives the same answer in a template and in a condition, because both
 * are {@link JsonValues#equal}. The left value comes from Java data, the right one is a
 * literal of the template.
 */
class EqualityAgreementTest {

    @ParameterizedTest(name = "{0} eq {1}")
    @CsvSource(delimiter = '|', value = {
        "1   | 1.0  | true",
        "1.0 | 1    | true",
        "0.1 | 0.10 | true",
        "2.5 | 2.50 | true",
        "1   | 2    | false",
        "123456789012345678901234567890 | 123456789012345678901234567890.0 | true",
        "123456789012345678901234567890 | 123456789012345678901234567891   | false",
    })
    void eqAgreesWithTheConditionEngine(String data, String literal, boolean expected) {
        Object value = data.contains(".") ? (Object) Double.valueOf(data) : new BigInteger(data);
        if (value instanceof BigInteger b && b.bitLength() < 32) {
            value = b.intValue();
        }
        String rendered = ENGINE.compile("{{#if (eq v " + literal + ")}}yes{{else}}no{{/if}}").render(Map.of("v", value));
        boolean inTemplate = rendered.equals("yes");
        assertThat(inTemplate).isEqualTo(expected)
                .isEqualTo(JsonValues.equal(JsonTrees.toTree(value), Json.readTree(literal)));
    }
}
