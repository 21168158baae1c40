package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.condition.internal.Conditions.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** in: membership with the same strict equality as eq. */
class InTest {

    static String in(String ref, String values) {
        return "{'type':'in','ref':" + ref + ",'values':" + values + "}";
    }

    @ParameterizedTest(name = "{0} in {1} → {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'open'     | ['open','reopened']   | true",
        "'closed'   | ['open','reopened']   | false",
        "'OPEN'     | ['open']              | false",
        "5          | [1,5,9]               | true",
        "5          | [5.0]                 | true",
        "'5'        | [5]                   | false",
        "5          | ['5']                 | false",
        "true       | [true]                | true",
        "true       | ['true',1]            | false",
        "null       | [null,'x']            | true",
        "null       | ['null']              | false",
        "[1,2]      | [[1,2],[3]]           | true",
        "[1,2]      | [1,2]                 | false",
        "{'a':1}    | [{'a':1}]             | true",
    })
    void membership(String value, String values, boolean expected) {
        assertThat(eval(in(lit(value), values))).isEqualTo(expected);
    }

    @Test
    void anAbsentValueIsInNothing() {
        assertThat(eval(in(ctx("missing"), "[null]"), run("{}"))).isFalse();
    }

    @Test
    void readsTheRunContext() {
        var context = run("{'trigger':{'payload':{'branch':'main'}}}");
        assertThat(eval(in(ctx("trigger.payload.branch"), "['main','master']"), context)).isTrue();
        assertThat(eval(in(ctx("trigger.payload.branch"), "['develop']"), context)).isFalse();
    }
}
