package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.cast;
import static io.devrig.condition.internal.Conditions.compare;
import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.exists;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.condition.internal.Conditions.run;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The explicit cast, the only conversion there is. */
class CastTest {

    @ParameterizedTest(name = "cast {1} to {0} eq {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "number  | '42'      | 42",
        "number  | ' 42 '    | 42",
        "number  | '-4.5'    | -4.5",
        "number  | '1e3'     | 1000",
        "number  | 7         | 7",
        "integer | '5'       | 5",
        "integer | '5.0'     | 5",
        "integer | 5.0       | 5",
        "integer | 12        | 12",
        "string  | 5         | '5'",
        "string  | 5.0       | '5'",
        "string  | 1.50      | '1.5'",
        "string  | -0.25     | '-0.25'",
        "string  | 12345678901234567890 | '12345678901234567890'",
        "string  | true      | 'true'",
        "string  | 'same'    | 'same'",
        "boolean | 'true'    | true",
        "boolean | 'FALSE'   | false",
        "boolean | ' True '  | true",
        "boolean | false     | false",
    })
    void castsConvert(String to, String value, String expected) {
        assertThat(eval(compare(cast(to, lit(value)), "eq", lit(expected)))).isTrue();
    }

    @ParameterizedTest(name = "cast {1} to {0} fails")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "number  | 'abc'",
        "number  | '12abc'",
        "number  | ''",
        "number  | '0x10'",
        "number  | true",
        "number  | [1]",
        "integer | '5.5'",
        "integer | 5.5",
        "integer | 'five'",
        "boolean | 'yes'",
        "boolean | 1",
        "boolean | 0",
        "string  | {'a':1}",
        "string  | [1,2]",
    })
    void impossibleCastsAreEvaluationErrors(String to, String value) {
        DevRigException e = devrigError(() -> eval(compare(cast(to, lit(value)), "eq", lit("1"))));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_CAST_FAILED);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("$.left: cannot cast", "to " + to);
    }

    @Test
    void theCastErrorNamesTheValueAndThePath() {
        var context = run("{'trigger':{'payload':{'count':'many'}}}");
        String condition = LogicTest.and(LogicTest.TRUE,
                compare(lit("3"), "lt", cast("number", ctx("trigger.payload.count"))));
        DevRigException e = devrigError(() -> eval(condition, context));
        assertThat(e.getMessage()).contains("$.conditions[1].right: cannot cast string \"many\" to number");
    }

    @Test
    void absentAndNullPassThroughACast() {
        var context = run("{'v':null}");
        assertThat(eval(exists(cast("number", ctx("missing"))), context)).isFalse();
        assertThat(eval(compare(cast("number", ctx("missing")), "eq", lit("1")), context)).isFalse();
        assertThat(eval(compare(cast("string", ctx("v")), "eq", lit("null")), context)).isTrue();
    }

    @Test
    void castsMakeEnvAndContextValuesComparable() {
        var context = ConditionContext.builder().env(Map.of("MAX_FILES", "20"))
                .run(Map.of("trigger", Map.of("payload", Map.of("files", 12, "id", 7)))).build();
        assertThat(eval(compare(ctx("trigger.payload.files"), "lt", cast("number", "{'type':'env','key':'MAX_FILES'}")),
                context)).isTrue();
        assertThat(eval(compare(cast("string", ctx("trigger.payload.id")), "eq", lit("'7'")), context)).isTrue();
        assertThat(eval(compare(cast("string", ctx("trigger.payload.id")), "startsWith", lit("'7'")), context)).isTrue();
    }

    @Test
    void castsNest() {
        assertThat(eval(compare(cast("string", cast("number", lit("'007'"))), "eq", lit("'7'")))).isTrue();
    }

    @Test
    void theCastResultIsStrictlyTypedToo() {
        // a cast to string compares with strings only
        assertThat(eval(compare(cast("string", lit("5")), "eq", lit("5")))).isFalse();
        // a cast to number orders numerically: "10" > "9" as numbers, not as strings
        assertThat(eval(compare(cast("number", lit("'10'")), "gt", cast("number", lit("'9'"))))).isTrue();
        assertThat(eval(compare(lit("'10'"), "gt", lit("'9'")))).isFalse();
    }
}
