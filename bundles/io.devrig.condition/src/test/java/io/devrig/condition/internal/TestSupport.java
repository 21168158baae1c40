package io.devrig.condition.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.error.DevRigException;
import io.devrig.common.json.Json;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Terse JSON for tests: single quotes stand for double quotes. */
final class TestSupport {

    static final ConditionEngineImpl ENGINE = new ConditionEngineImpl();

    private TestSupport() {
    }

    /** {@code j("{'a':1}")} is {@code {"a":1}}. */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode tree(String singleQuoted) {
        return Json.readTree(j(singleQuoted));
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

    static DevRigException devrigError(ThrowingCallable call) {
        DevRigException[] caught = new DevRigException[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (DevRigException e) {
                caught[0] = e;
                throw e;
            }
        }).isInstanceOf(DevRigException.class);
        return caught[0];
    }
}
