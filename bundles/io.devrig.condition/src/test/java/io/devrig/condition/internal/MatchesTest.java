package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.JsonTrees;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** matches: regexes compiled once, strictly typed, and guarded against catastrophic backtracking. */
class MatchesTest {

    /** Far beyond what the guard needs (tens of milliseconds), so a slow machine never fails the test. */
    static final Duration GENEROUS = Duration.ofSeconds(20);

    static String matches(String ref, String pattern, String flags) {
        return "{'type':'matches','ref':" + ref + ",'pattern':" + JsonTrees.toTree(pattern).toString()
                .replace('"', '\'') + (flags == null ? "" : ",'flags':'" + flags + "'") + "}";
    }

    /** A context with the text under {@code text}. */
    static ConditionContext text(String value) {
        return ConditionContext.builder().run(Map.of("text", value)).build();
    }

    @ParameterizedTest(name = "/{1}/{2} on \"{0}\" → {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "release/1.2.3   | ^release/\\d+\\.\\d+\\.\\d+$ |     | true",
        "release/1.2     | ^release/\\d+\\.\\d+\\.\\d+$ |     | false",
        "fix: the bug    | bug                          |     | true",
        "fix: the bug    | ^bug                         |     | false",
        "HELLO           | hello                        |     | false",
        "HELLO           | hello                        | i   | true",
        "ÉTÉ             | été                          | i   | true",
        "one\\ntwo        | ^two$                        |     | false",
        "one\\ntwo        | ^two$                        | m   | true",
        "a\\nb            | a.b                          |     | false",
        "a\\nb            | a.b                          | s   | true",
        "a\\nB            | ^a.b$                        | ism | true",
    })
    void matchesFindsThePattern(String input, String pattern, String flags, boolean expected) {
        String value = input.replace("\\n", "\n");
        assertThat(eval(matches(ctx("text"), pattern, flags), text(value))).isEqualTo(expected);
    }

    @Test
    void onlyStringsMatch() {
        var context = ConditionContext.builder().run(Map.of("n", 123, "b", true, "list", List.of("123"))).build();
        assertThat(eval(matches(ctx("n"), "\\d+", null), context)).isFalse();
        assertThat(eval(matches(ctx("b"), "true", null), context)).isFalse();
        assertThat(eval(matches(ctx("list"), "123", null), context)).isFalse();
        assertThat(eval(matches(ctx("missing"), ".*", null), context)).isFalse();
        // an explicit cast makes a number matchable
        assertThat(eval(matches(Conditions.cast("string", ctx("n")), "^\\d+$", null), context)).isTrue();
    }

    @Test
    void anInvalidRegexIsACompileErrorWithItsPath() {
        String condition = LogicTest.or(LogicTest.TRUE, matches(ctx("text"), "(unclosed", null));
        DevRigException e = devrigError(() -> Conditions.compile(condition));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.getMessage()).contains("$.conditions[1].pattern: invalid regular expression: Unclosed group");
    }

    @Test
    void unknownFlagsAndOversizedPatternsAreCompileErrors() {
        List<String> problems = Conditions.ENGINE.validate(j(LogicTest.and(matches(ctx("t"), "a", "ix"),
                matches(ctx("t"), "a".repeat(1001), null), "{'type':'matches','ref':" + ctx("t") + ",'pattern':''}")));
        assertThat(problems).containsExactly(
                "$.conditions[0].flags: unknown flag 'x' (known: i, m, s)",
                "$.conditions[1].pattern: is 1001 characters long; at most 1000 are allowed",
                "$.conditions[2].pattern: must be a non-empty string (a Java regular expression)");
    }

    @Test
    void theRegexIsCompiledOnceWhenTheConditionIsCompiled() {
        ConditionEngineImpl engine = new ConditionEngineImpl();
        CompiledCondition compiled = engine.compile(j(matches(ctx("text"), "^v\\d+$", null)));
        assertThat(engine.regex().compilations()).isEqualTo(1);
        for (int i = 0; i < 200; i++) {
            assertThat(compiled.evaluate(text("v" + i))).isTrue();
        }
        assertThat(engine.regex().compilations()).isEqualTo(1);
        Expr.Matches expr = (Expr.Matches) ((CompiledConditionImpl) compiled).expression();
        assertThat(expr.pattern().pattern()).isEqualTo("^v\\d+$");
    }

    static List<Arguments> evilPatterns() {
        return List.of(
                Arguments.of("(a+)+$", "a".repeat(5000) + "!"),
                Arguments.of("(x+x+)+y", "x".repeat(5000)),
                Arguments.of("^(\\d+)*$", "1".repeat(5000) + "x"),
                Arguments.of("^(\\w+\\s?)+$", "word".repeat(1250) + "!"),
                Arguments.of("^(.*?,){11}P", "1,".repeat(2500)),
                // these overflow the stack instead of running long: reported the same way
                Arguments.of("(a|aa)+$", "a".repeat(5000) + "!"),
                Arguments.of("(a|b|ab)*c", "ab".repeat(2500)));
    }

    @ParameterizedTest(name = "[{index}] /{0}/")
    @MethodSource("evilPatterns")
    void catastrophicBacktrackingEndsWithAClearError(String pattern, String input) {
        CompiledCondition compiled = Conditions.compile(matches(ctx("text"), pattern, null));
        DevRigException e = assertTimeoutPreemptively(GENEROUS, () -> devrigError(() -> compiled.evaluate(text(input))));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("$: regex '" + pattern + "'", "on an input of " + input.length()
                + " characters", "catastrophic backtracking");
        assertThat(e.getMessage()).doesNotContain(input.substring(0, 50));
        assertThat(e.error().details()).containsEntry("path", "$").containsEntry("inputLength", input.length());
    }

    @Test
    void theStepBudgetIsDeterministic() {
        // a generous time limit leaves the step budget as the only bound: same input, same verdict
        Limits steps = new Limits(10_000, 10, Duration.ofMinutes(5), Duration.ofMillis(500), 32, 1000);
        RegexGuard guard = new RegexGuard(steps);
        var pattern = guard.compile("^(.*?,){11}P", 0);
        String evil = "1,".repeat(15);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guard.find(pattern, evil, "$", false)).isInstanceOf(DevRigException.class)
                    .hasMessageContaining("used its budget of 10300 steps (10000 + 10 per input character)");
        }
        // a linear scan fits in the same budget
        assertThat(guard.find(guard.compile("b", 0), "a".repeat(5000) + "b", "$", false)).isTrue();
    }

    @Test
    void theTimeLimitIsABackstop() {
        // a budget too large to matter: the time limit stops it
        Limits time = new Limits(Long.MAX_VALUE / 2, 0, Duration.ofMillis(50), Duration.ofMillis(500), 32, 1000);
        RegexGuard guard = new RegexGuard(time);
        var pattern = guard.compile("^(.*?,){11}P", 0);
        DevRigException e = assertTimeoutPreemptively(GENEROUS,
                () -> devrigError(() -> guard.find(pattern, "1,".repeat(50), "$.x", false)));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT);
        assertThat(e.getMessage()).contains("ran longer than 50 ms");
    }

    @Test
    void ordinaryPatternsOnLongInputsAreNotStopped() {
        String log = "INFO all good\n".repeat(8000) + "ERROR disk full\n";
        assertThat(log.length()).isGreaterThan(100_000);
        // the step budget is under test, not the wall clock: the default 100 ms limit could stop
        // these on a busy machine, so this engine allows 30 s
        Limits d = Limits.DEFAULTS;
        ConditionEngineImpl engine = new ConditionEngineImpl(new Limits(d.regexBaseSteps(), d.regexStepsPerChar(),
                java.time.Duration.ofSeconds(30), d.customTimeLimit(), d.maxDepth(), d.maxPatternLength()), CustomConditions.NONE);
        assertThat(engine.compile(j(matches(ctx("text"), "^ERROR .*full$", "m"))).evaluate(text(log))).isTrue();
        assertThat(engine.compile(j(matches(ctx("text"), "(?i)fatal", null))).evaluate(text(log))).isFalse();
    }

    @Test
    void anInterruptedEvaluationIsCancelled() {
        CompiledCondition compiled = Conditions.compile(matches(ctx("text"), "(a+)+$", null));
        Thread.currentThread().interrupt();
        try {
            DevRigException e = devrigError(() -> compiled.evaluate(text("a".repeat(5000) + "!")));
            assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void explainReportsTheLimitInsteadOfThrowing() {
        var result = Conditions.compile(matches(ctx("text"), "(a+)+$", null)).explain(text("a".repeat(5000) + "!"));
        assertThat(result.failed()).isTrue();
        assertThat(result.value()).isFalse();
        assertThat(result.error().code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT);
        assertThat(result.trace()).last().asString().startsWith("CONDITION_REGEX_LIMIT (permanent): $: regex");
    }

    @Test
    void literalRefsMatchToo() {
        assertThat(eval(matches(lit("'abc-123'"), "^[a-z]+-\\d+$", null))).isTrue();
    }
}
