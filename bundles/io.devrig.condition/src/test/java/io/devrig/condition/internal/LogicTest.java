package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.ENGINE;
import static io.devrig.condition.internal.Conditions.compare;
import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.condition.internal.Conditions.run;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** and / or / not, nesting and short-circuiting. */
class LogicTest {

    static final String TRUE = compare(lit("1"), "eq", lit("1"));
    static final String FALSE = compare(lit("1"), "eq", lit("2"));

    static String and(String... conditions) {
        return "{'type':'and','conditions':[" + String.join(",", conditions) + "]}";
    }

    static String or(String... conditions) {
        return "{'type':'or','conditions':[" + String.join(",", conditions) + "]}";
    }

    static String not(String condition) {
        return "{'type':'not','condition':" + condition + "}";
    }

    /** A custom expression whose calls the context's caller records (and answers with the arg). */
    static String probe(String name, boolean answer) {
        return "{'type':'custom','pluginId':'probe','functionName':'" + name + "','args':[" + lit(String.valueOf(answer))
                + "]}";
    }

    static ConditionContext recording(List<String> calls) {
        return ConditionContext.builder().customConditions((plugin, fn, args, view) -> {
            calls.add(fn);
            return (Boolean) args.get(0);
        }).build();
    }

    @ParameterizedTest(name = "{0} of ({1}) → {2}")
    @CsvSource({
        "and, T,     true",
        "and, TT,    true",
        "and, TTF,   false",
        "and, FT,    false",
        "and, TTTT,  true",
        "or,  F,     false",
        "or,  FF,    false",
        "or,  FFT,   true",
        "or,  TF,    true",
    })
    void andOr(String op, String operands, boolean expected) {
        String[] conditions = operands.chars().mapToObj(c -> c == 'T' ? TRUE : FALSE).toArray(String[]::new);
        assertThat(eval(op.equals("and") ? and(conditions) : or(conditions))).isEqualTo(expected);
    }

    @Test
    void notInverts() {
        assertThat(eval(not(TRUE))).isFalse();
        assertThat(eval(not(FALSE))).isTrue();
        assertThat(eval(not(not(TRUE)))).isTrue();
    }

    @Test
    void notOfAMissingValueIsTrue() {
        // absent compares false, so its negation is true: "not equal or not there"
        assertThat(eval(not(compare(ctx("trigger.payload.state"), "eq", lit("'open'"))), run("{}"))).isTrue();
    }

    @Test
    void nestedExpressionsOverTheRunContext() {
        var context = run("{'trigger':{'type':'webhook','payload':{'action':'opened','pr':{'draft':false,"
                + "'labels':['bug','urgent'],'additions':120}}}}");
        String condition = and(
                compare(ctx("trigger.type"), "eq", lit("'webhook'")),
                or(compare(ctx("trigger.payload.action"), "eq", lit("'opened'")),
                        compare(ctx("trigger.payload.action"), "eq", lit("'reopened'"))),
                not(compare(ctx("trigger.payload.pr.draft"), "eq", lit("true"))),
                or(compare(ctx("trigger.payload.pr.labels"), "contains", lit("'urgent'")),
                        compare(ctx("trigger.payload.pr.additions"), "gt", lit("500"))));
        assertThat(eval(condition, context)).isTrue();
        var draft = run("{'trigger':{'type':'webhook','payload':{'action':'opened','pr':{'draft':true,"
                + "'labels':['urgent']}}}}");
        assertThat(eval(condition, draft)).isFalse();
    }

    @Test
    void andStopsAtTheFirstFalse() {
        List<String> calls = new ArrayList<>();
        assertThat(eval(and(probe("a", true), probe("b", false), probe("c", true)), recording(calls))).isFalse();
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void orStopsAtTheFirstTrue() {
        List<String> calls = new ArrayList<>();
        assertThat(eval(or(probe("a", false), probe("b", true), probe("c", false)), recording(calls))).isTrue();
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void shortCircuitingSkipsAnOperandThatWouldFail() {
        // the second operand's cast would fail; and never gets there
        String failing = compare(Conditions.cast("number", lit("'abc'")), "eq", lit("1"));
        assertThat(eval(and(FALSE, failing))).isFalse();
        assertThat(eval(or(TRUE, failing))).isTrue();
    }

    @Test
    void theTraceSaysWhatWasSkipped() {
        ConditionResult result = Conditions.compile(and(TRUE, FALSE, TRUE)).explain(ConditionContext.empty());
        assertThat(result.value()).isFalse();
        assertThat(result.failed()).isFalse();
        assertThat(result.trace()).hasSize(3);
        assertThat(result.trace().get(0)).startsWith("$.conditions[0] compare literal = 1 eq literal = 1 → true");
        assertThat(result.trace().get(1)).startsWith("$.conditions[1] compare").endsWith("→ false");
        assertThat(result.trace().get(2)).isEqualTo("$ and → false (condition 2 of 3 is false; the rest were not evaluated)");
    }

    @Test
    void theTraceSaysWhyAComparisonFailed() {
        var context = run("{'trigger':{'payload':{'count':'5'}}}");
        String condition = and(compare(ctx("trigger.payload.count"), "eq", lit("5")), TRUE);
        assertThat(Conditions.compile(condition).explain(context).trace()).containsExactly(
                "$.conditions[0] compare context(trigger.payload.count) = \"5\" eq literal = 5 → false"
                        + " (string vs number: different types never compare)",
                "$ and → false (condition 1 of 2 is false; the rest were not evaluated)");
        assertThat(Conditions.compile(compare(ctx("nope"), "eq", lit("1"))).explain(context).trace())
                .containsExactly("$ compare context(nope) = <absent> eq literal = 1 → false (absent value)");
    }

    @Test
    void explainsOrAndNot() {
        ConditionResult result = Conditions.compile(not(or(FALSE, FALSE))).explain(ConditionContext.empty());
        assertThat(result.value()).isTrue();
        assertThat(result.trace()).contains("$.condition or → false (all 2 conditions are false)", "$ not → true");
    }

    @Test
    void evaluateAndExplainAgree() {
        var compiled = Conditions.compile(or(and(TRUE, not(FALSE)), FALSE));
        assertThat(compiled.evaluate(ConditionContext.empty())).isTrue();
        assertThat(compiled.explain(ConditionContext.empty()).value()).isTrue();
    }

    @Test
    void aCompiledConditionIsSharedByThreads() throws Exception {
        var compiled = Conditions.compile(compare(ctx("n"), "gt", lit("10")));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int base = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        int n = base * 1000 + i;
                        boolean expected = n > 10;
                        var context = ConditionContext.builder().run(java.util.Map.of("n", n)).build();
                        if (compiled.evaluate(context) != expected) {
                            throw new AssertionError("wrong answer for " + n);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void deepNestingIsRefused() {
        String condition = TRUE;
        for (int i = 0; i < 40; i++) {
            condition = not(condition);
        }
        List<String> problems = ENGINE.validate(j(condition));
        assertThat(problems).singleElement().asString().contains("nested deeper than 32 levels");
    }
}
