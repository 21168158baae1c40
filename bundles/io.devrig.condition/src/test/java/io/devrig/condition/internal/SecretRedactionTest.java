package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.cast;
import static io.devrig.condition.internal.Conditions.compare;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.condition.ConditionResult;
import io.devrig.api.error.DevRigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret values may be compared, but never show: not in traces, not in errors. */
class SecretRedactionTest {

    static final String VALUE = "ghp_TOPSECRETvalue123";
    static final ConditionContext CONTEXT = ConditionContext.builder()
            .secrets(RefTest.vault(Map.of("token", VALUE, "evil", "a".repeat(5000) + "!", "word", "notanumber")))
            .env(Map.of("VISIBLE", "fine-to-show"))
            .build();
    static final String TOKEN = "{'type':'secret','key':'token'}";

    @Test
    void theTraceHidesTheSecretAndWhatItIsComparedWith() {
        CompiledCondition compiled = Conditions.compile(LogicTest.and(
                compare(TOKEN, "eq", lit("'" + VALUE + "'")),
                compare(lit("'ghp_'"), "neq", TOKEN),
                compare(TOKEN, "startsWith", lit("'ghp_TOP'")),
                compare("{'type':'env','key':'VISIBLE'}", "eq", lit("'fine-to-show'"))));
        ConditionResult result = compiled.explain(CONTEXT);
        assertThat(result.value()).isTrue();
        assertThat(String.join("\n", result.trace())).doesNotContain(VALUE).doesNotContain("ghp_TOP")
                .doesNotContain("\"ghp_\"").contains("secret(token) = <secret>", "literal = <secret>",
                        "env(VISIBLE) = \"fine-to-show\"");
    }

    @Test
    void aTraceOfMatchesOrInOnASecretShowsNeitherValueNorPattern() {
        String condition = LogicTest.and(
                "{'type':'matches','ref':" + TOKEN + ",'pattern':'^ghp_TOPSECRET'}",
                "{'type':'in','ref':" + TOKEN + ",'values':['" + VALUE + "']}");
        ConditionResult result = Conditions.compile(condition).explain(CONTEXT);
        assertThat(result.value()).isTrue();
        assertThat(String.join("\n", result.trace())).doesNotContain("TOPSECRET").contains("/<hidden>/");
    }

    @Test
    void aFailedCastOfASecretDoesNotShowIt() {
        String condition = compare(cast("number", "{'type':'secret','key':'word'}"), "gt", lit("1"));
        DevRigException e = devrigError(() -> Conditions.eval(condition, CONTEXT));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_CAST_FAILED);
        assertThat(e.getMessage()).contains("cannot cast a secret string to number").doesNotContain("notanumber");
        ConditionResult explained = Conditions.compile(condition).explain(CONTEXT);
        assertThat(explained.error().message()).doesNotContain("notanumber");
        assertThat(String.join("\n", explained.trace())).doesNotContain("notanumber");
    }

    @Test
    void theRegexGuardDoesNotShowASecretInputOrItsPattern() {
        String condition = "{'type':'matches','ref':{'type':'secret','key':'evil'},'pattern':'(a+)+$'}";
        DevRigException e = devrigError(() -> Conditions.eval(condition, CONTEXT));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT);
        assertThat(e.getMessage()).doesNotContain("aaaaaaaaaa").doesNotContain("(a+)+$");
    }

    @Test
    void contextsAndCompiledConditionsPrintNoValues() {
        assertThat(CONTEXT.toString()).doesNotContain("fine-to-show").doesNotContain(VALUE).contains("VISIBLE");
        assertThat(Conditions.compile(compare(TOKEN, "eq", lit("'x'"))).toString()).doesNotContain(VALUE);
    }
}
