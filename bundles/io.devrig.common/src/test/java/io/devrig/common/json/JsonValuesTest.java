package io.devrig.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    static JsonNode j(String json) {
        return Json.readTree(json.replace('`', '"'));
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "1                 | 1.0                  | true",
        "1                 | 1.00                 | true",
        "0.1               | 0.10                 | true",
        "12345678901234567890123 | 12345678901234567890123.0 | true",
        "12345678901234567890123 | 12345678901234567890124   | false",
        "`5`               | 5                    | false",
        "null              | null                 | true",
        "true              | true                 | true",
        "[1,{`a`:2}]       | [1.0,{`a`:2.0}]      | true",
        "[1,2]             | [2,1]                | false",
        "{`a`:1,`b`:2}     | {`b`:2,`a`:1}        | true",
        "{`a`:1}           | {`a`:1,`b`:null}     | false",
        "`a`               | `a`                  | true",
        "`A`               | `a`                  | false",
    })
    void equality(String a, String b, boolean expected) {
        assertThat(JsonValues.equal(j(a), j(b))).isEqualTo(expected);
        assertThat(JsonValues.equal(j(b), j(a))).isEqualTo(expected);
    }

    @Test
    void numbersOfEveryJavaTypeCompareByValue() {
        assertThat(JsonValues.equal(IntNode.valueOf(1), DoubleNode.valueOf(1.0))).isTrue();
        assertThat(JsonValues.equal(DoubleNode.valueOf(0.1), j("0.1"))).isTrue();
        assertThat(JsonValues.equal(FloatNode.valueOf(0.1f), j("0.1"))).isTrue();
        assertThat(JsonValues.equal(LongNode.valueOf(3), JsonTrees.toTree(new BigDecimal("3.000")))).isTrue();
        assertThat(JsonValues.equal(DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.NaN))).isFalse();
        assertThat(JsonValues.compare(DoubleNode.valueOf(Double.NaN), IntNode.valueOf(1))).isEmpty();
        assertThat(JsonValues.compare(DoubleNode.valueOf(Double.POSITIVE_INFINITY), j("1e400"))).hasValue(1);
    }

    @Test
    void orderOnlyForTwoNumbersOrTwoStrings() {
        assertThat(JsonValues.compare(j("2"), j("10.5"))).hasValue(-1);
        assertThat(JsonValues.compare(j("`b`"), j("`a`"))).hasValue(1);
        assertThat(JsonValues.compare(j("`2026-01-02T00:00:00Z`"), j("`2026-01-10T00:00:00Z`"))).hasValue(-1);
        assertThat(JsonValues.compare(j("1"), j("`1`"))).isEqualTo(OptionalInt.empty());
        assertThat(JsonValues.compare(j("true"), j("false"))).isEmpty();
        assertThat(JsonValues.compare(j("[1]"), j("[1]"))).isEmpty();
    }

    @Test
    void javaObjectsInTreesAreNeverEqual() {
        Object o = new Object();
        assertThat(JsonValues.equal(new POJONode(o), new POJONode(o))).isFalse();
        assertThat(JsonValues.sameType(new POJONode(o), TextNode.valueOf("x"))).isFalse();
        assertThat(JsonValues.sameType(j("1"), j("2.5"))).isTrue();
    }

    @Test
    void decimalsOfDoublesAreTheirShortestText() {
        assertThat(JsonValues.decimal(0.1)).isEqualTo(new BigDecimal("0.1"));
        assertThat(JsonValues.decimal(0.1f)).isEqualTo(new BigDecimal("0.1"));
        assertThat(JsonValues.decimal(DoubleNode.valueOf(0.1))).isEqualTo(new BigDecimal("0.1"));
        assertThat(JsonValues.decimal(7L)).isEqualTo(new BigDecimal("7"));
    }

    @Test
    void wholeNumbersAreTheIntegralValuesOfAnyNumberType() {
        assertThat(JsonValues.wholeNumber(3)).isEqualTo(3L);
        assertThat(JsonValues.wholeNumber(3.0)).isEqualTo(3L);
        assertThat(JsonValues.wholeNumber(new java.math.BigDecimal("3E2"))).isEqualTo(300L);
        assertThat(JsonValues.wholeNumber(java.math.BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonValues.wholeNumber(2.5)).isNull();
        assertThat(JsonValues.wholeNumber("3")).isNull();
        assertThat(JsonValues.wholeNumber(Double.NaN)).isNull();
        assertThat(JsonValues.wholeNumber(1e30)).isNull();
        assertThat(JsonValues.wholeNumber(null)).isNull();
    }
}
