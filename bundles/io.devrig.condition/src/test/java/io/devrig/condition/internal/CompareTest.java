package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.compare;
import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.condition.internal.Conditions.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionContext;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every compare operator, with the strict typing rules: different JSON types never compare. */
class CompareTest {

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // eq: same type and value; numbers by value
        "5            | eq  | 5            | true",
        "5            | eq  | 5.0          | true",
        "5            | eq  | 6            | false",
        "'5'          | eq  | 5            | false",
        "5            | eq  | '5'          | false",
        "'a'          | eq  | 'a'          | true",
        "'a'          | eq  | 'A'          | false",
        "true         | eq  | true         | true",
        "true         | eq  | 'true'       | false",
        "1            | eq  | true         | false",
        "null         | eq  | null         | true",
        "null         | eq  | 0            | false",
        "null         | eq  | ''           | false",
        "null         | eq  | false        | false",
        "[1,2]        | eq  | [1,2]        | true",
        "[1,2]        | eq  | [2,1]        | false",
        "[1,2]        | eq  | [1.0,2.0]    | true",
        "{'a':1}      | eq  | {'a':1.0}    | true",
        "{'a':1}      | eq  | {'a':'1'}    | false",
        "{'a':1}      | eq  | {'a':1,'b':2}| false",
        "12345678901234567890 | eq | 12345678901234567890.0 | true",
        // neq: same type, different value; a type mismatch is false too
        "5            | neq | 6            | true",
        "5            | neq | 5            | false",
        "'5'          | neq | 5            | false",
        "'a'          | neq | 'b'          | true",
        "null         | neq | 'x'          | false",
        "true         | neq | false        | true",
        // ordering: numbers and strings only
        "6            | gt  | 5            | true",
        "5            | gt  | 5            | false",
        "5            | gte | 5            | true",
        "4            | gte | 5            | false",
        "4            | lt  | 5            | true",
        "5            | lt  | 5            | false",
        "5            | lte | 5            | true",
        "6            | lte | 5            | false",
        "1.5          | lt  | 2            | true",
        "-1           | lt  | 0            | true",
        "'b'          | gt  | 'a'          | true",
        "'2024-01-02T00:00:00Z' | gt | '2024-01-01T23:59:59Z' | true",
        "'10'         | gt  | 5            | false",
        "10           | gt  | '5'          | false",
        "'10'         | lt  | 5            | false",
        "true         | gt  | false        | false",
        "null         | lt  | 1            | false",
        "null         | lte | null         | false",
        "[2]          | gt  | [1]          | false",
        "{'a':2}      | gte | {'a':1}      | false",
        // contains: substring, or array element (typed equality)
        "'hello world'| contains | 'lo w'  | true",
        "'abc'        | contains | 'd'     | false",
        "'abc'        | contains | ''      | true",
        "['a','b']    | contains | 'b'     | true",
        "['a','b']    | contains | 'c'     | false",
        "[1,2]        | contains | '2'     | false",
        "[1,2]        | contains | 2.0     | true",
        "[[1],[2]]    | contains | [2]     | true",
        "[{'id':1}]   | contains | {'id':1}| true",
        "[null]       | contains | null    | true",
        "{'a':1}      | contains | 'a'     | false",
        "123          | contains | '2'     | false",
        "'a1c'        | contains | 1       | false",
        // startsWith / endsWith: strings only
        "'feature/x'  | startsWith | 'feature/' | true",
        "'x'          | startsWith | 'xy'   | false",
        "['a','b']    | startsWith | 'a'    | false",
        "55           | startsWith | '5'    | false",
        "'55'         | startsWith | 5      | false",
        "'file.txt'   | endsWith | '.txt'   | true",
        "'file.txt'   | endsWith | '.md'    | false",
        "''           | endsWith | ''       | true",
    })
    void literalComparisons(String left, String op, String right, boolean expected) {
        assertThat(eval(compare(lit(left), op, lit(right)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eq", "neq", "gt", "gte", "lt", "lte", "contains", "startsWith", "endsWith"})
    void anAbsentValueNeverCompares(String op) {
        var context = run("{'trigger':{'payload':{'n':5,'s':'x','list':['x']}}}");
        assertThat(eval(compare(ctx("trigger.payload.missing"), op, lit("'x'")), context)).isFalse();
        assertThat(eval(compare(lit("'x'"), op, ctx("trigger.nothing.here")), context)).isFalse();
        assertThat(eval(compare(ctx("a.b"), op, ctx("c.d")), context)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eq", "neq", "gt", "gte", "lt", "lte"})
    void aStringNumberNeverComparesWithANumber(String op) {
        var context = run("{'trigger':{'payload':{'count':'5'}}}");
        for (String number : new String[] {"4", "5", "6"}) {
            assertThat(eval(compare(ctx("trigger.payload.count"), op, lit(number)), context)).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"eq|true", "neq|false", "gte|true", "lte|true", "gt|false", "lt|false"})
    void contextValuesCompareWithLiterals(String op, boolean expected) {
        var context = run("{'trigger':{'payload':{'issue':{'number':42}}}}");
        assertThat(eval(compare(ctx("trigger.payload.issue.number"), op, lit("42")), context)).isEqualTo(expected);
    }

    /**
     * The same pairs as the template engine's {@code EqualityAgreementTest}: a user's {@code eq}
     * gives the same answer in a condition and in a template, because both are
     * {@link JsonValues#equal}. The left value comes from Java data (as a run context does),
     * the right one is a literal of the condition.
     */
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
    void eqAgreesWithTheTemplateEngine(String data, String literal, boolean expected) {
        Object value = data.contains(".") ? (Object) Double.valueOf(data) : new java.math.BigInteger(data);
        if (value instanceof java.math.BigInteger b && b.bitLength() < 32) {
            value = b.intValue();
        }
        var context = ConditionContext.builder().run(Map.of("v", value)).build();
        boolean inCondition = eval(compare(ctx("v"), "eq", lit(literal)), context);
        assertThat(inCondition).isEqualTo(expected)
                .isEqualTo(JsonValues.equal(JsonTrees.toTree(value), Json.readTree(literal)));
    }
}
