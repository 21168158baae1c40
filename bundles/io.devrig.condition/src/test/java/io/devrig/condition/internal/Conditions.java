package io.devrig.condition.internal;

import static io.devrig.testing.TestJson.j;
import static io.devrig.testing.TestJson.tree;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;

/**
 * Conditions written tersely, in single-quoted JSON ({@link io.devrig.testing.TestJson}),
 * and the real engine to compile and evaluate them.
 */
final class Conditions {

    static final ConditionEngineImpl ENGINE = new ConditionEngineImpl();

    private Conditions() {
    }

    static String lit(String jsonValue) {
        return "{'type':'literal','value':" + jsonValue + "}";
    }

    static String ctx(String path) {
        // a quote in the path survives j() as an escaped double quote
        return "{'type':'context','path':'" + path.replace("'", "\\'") + "'}";
    }

    static String compare(String left, String op, String right) {
        return "{'type':'compare','left':" + left + ",'operator':'" + op + "','right':" + right + "}";
    }

    static String exists(String ref) {
        return "{'type':'exists','ref':" + ref + "}";
    }

    static String cast(String to, String ref) {
        return "{'type':'cast','to':'" + to + "','ref':" + ref + "}";
    }

    static CompiledCondition compile(String singleQuoted) {
        return ENGINE.compile(j(singleQuoted));
    }

    static boolean eval(String singleQuoted, ConditionContext context) {
        return compile(singleQuoted).evaluate(context);
    }

    static boolean eval(String singleQuoted) {
        return eval(singleQuoted, ConditionContext.empty());
    }

    /** A context whose run context is the given JSON. */
    static ConditionContext run(String singleQuotedJson) {
        return ConditionContext.builder().run(tree(singleQuotedJson)).build();
    }
}
