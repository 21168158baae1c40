package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.compare;
import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.eval;
import static io.devrig.condition.internal.Conditions.exists;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.condition.internal.Conditions.run;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.secrets.SecretValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** literal, context, node, env and secret refs, and the paths they read. */
class RefTest {

    static final ConditionContext PR = run("{'trigger':{'type':'webhook','payload':{'items':[{'title':'First'},"
            + "{'title':'Second','tags':['a','b']}],'labels':{'team.backend':'yes'},'nothing':null,'zero':0,"
            + "'empty':'','no':false,'list':[]}},'run':{'id':'r1'}}");

    static String node(String nodeId, String path) {
        return "{'type':'node','nodeId':'" + nodeId + "'" + (path == null ? "" : ",'path':'" + path + "'") + "}";
    }

    static String env(String key) {
        return "{'type':'env','key':'" + key + "'}";
    }

    static String secret(String key) {
        return "{'type':'secret','key':'" + key + "'}";
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "trigger.type                    | 'webhook'",
        "trigger.payload.items[0].title  | 'First'",
        "trigger.payload.items[1].tags[1]| 'b'",
        "trigger.payload.items.1.title   | 'Second'",
        "trigger.payload.labels['team.backend'] | 'yes'",
        "trigger.payload.zero            | 0",
        "run.id                          | 'r1'",
    })
    void contextPathsResolve(String path, String expected) {
        assertThat(eval(compare(ctx(path), "eq", lit(expected)), PR)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "trigger.payload.missing",
        "trigger.payload.items[5].title",
        "trigger.payload.items.title",
        "trigger.payload.labels[0]",
        "trigger.payload.nothing.deeper",
        "trigger.type.length",
        "workflow.id",
    })
    void pathsThatLeadNowhereAreAbsent(String path) {
        assertThat(eval(exists(ctx(path)), PR)).isFalse();
        assertThat(eval(compare(ctx(path), "eq", lit("null")), PR)).isFalse();
        assertThat(eval(compare(ctx(path), "neq", lit("'x'")), PR)).isFalse();
    }

    @Test
    void existsIsFalseForNullAndTrueForFalsyValues() {
        assertThat(eval(exists(ctx("trigger.payload.nothing")), PR)).isFalse();
        assertThat(eval(exists(ctx("trigger.payload.zero")), PR)).isTrue();
        assertThat(eval(exists(ctx("trigger.payload.empty")), PR)).isTrue();
        assertThat(eval(exists(ctx("trigger.payload.no")), PR)).isTrue();
        assertThat(eval(exists(ctx("trigger.payload.list")), PR)).isTrue();
        // an explicit null is still a value: eq null finds it
        assertThat(eval(compare(ctx("trigger.payload.nothing"), "eq", lit("null")), PR)).isTrue();
    }

    @Test
    void withoutARunContextEveryContextRefIsAbsent() {
        assertThat(eval(exists(ctx("trigger")))).isFalse();
    }

    @Test
    void theRunContextMayBeJavaValues() {
        Map<String, Object> payload = Map.of("count", 3, "tags", List.of("x", "y"), "ok", true);
        var context = ConditionContext.builder().run(Map.of("trigger", Map.of("payload", payload))).build();
        assertThat(eval(compare(ctx("trigger.payload.count"), "eq", lit("3")), context)).isTrue();
        assertThat(eval(compare(ctx("trigger.payload.tags"), "contains", lit("'y'")), context)).isTrue();
        assertThat(eval(compare(ctx("trigger.payload.ok"), "eq", lit("true")), context)).isTrue();
    }

    @Test
    void aRunContextThatIsNotJsonIsAClearError() {
        var context = ConditionContext.builder().run(Map.of("trigger", new Object())).build();
        DevRigException e = devrigError(() -> eval(exists(ctx("trigger")), context));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_CONTEXT_INVALID);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'x'               | 'x'",
        "42                | 42",
        "true              | true",
        "null              | null",
        "[1,'a']           | [1,'a']",
        "{'k':{'n':[1]}}   | {'k':{'n':[1]}}",
    })
    void literalsAreTheirValue(String value, String same) {
        assertThat(eval(compare(lit(value), "eq", lit(same)))).isTrue();
    }

    @Test
    void nodeRefsReadANodesOutput() {
        var context = ConditionContext.builder()
                .nodeOutputs(Map.of("fetch", tree("{'items':[{'state':'open'}],'count':1}"), "flag", tree("true")))
                .build();
        assertThat(eval(compare(node("fetch", "items[0].state"), "eq", lit("'open'")), context)).isTrue();
        assertThat(eval(compare(node("fetch", "count"), "gte", lit("1")), context)).isTrue();
        assertThat(eval(compare(node("flag", null), "eq", lit("true")), context)).isTrue();
        assertThat(eval(exists(node("fetch", "items[1]")), context)).isFalse();
        assertThat(eval(exists(node("other", null)), context)).isFalse();
        assertThat(eval(exists(node("other", "x")), context)).isFalse();
    }

    @Test
    void nodeOutputsAreLookedUpOnDemandAndOncePerEvaluation() {
        List<String> asked = new ArrayList<>();
        var context = ConditionContext.builder().nodeOutputs(id -> {
            asked.add(id);
            return id.equals("a") ? Map.of("n", 2) : null;
        }).build();
        String twice = LogicTest.and(compare(node("a", "n"), "gt", lit("1")), compare(node("a", "n"), "lt", lit("3")));
        assertThat(eval(twice, context)).isTrue();
        assertThat(asked).containsExactly("a");
    }

    @Test
    void envRefsReadOnlyTheAllowListedMap() {
        var context = ConditionContext.builder().env(Map.of("DEVRIG_MODE", "ci", "COUNT", "3")).build();
        assertThat(eval(compare(env("DEVRIG_MODE"), "eq", lit("'ci'")), context)).isTrue();
        // env values are strings: no coercion to number
        assertThat(eval(compare(env("COUNT"), "eq", lit("3")), context)).isFalse();
        assertThat(eval(compare(env("COUNT"), "eq", lit("'3'")), context)).isTrue();
        assertThat(eval(exists(env("UNSET")), context)).isFalse();
    }

    @Test
    void envRefsNeverReadTheProcessEnvironment() {
        String present = System.getenv().keySet().stream().findFirst().orElseThrow();
        assertThat(eval(exists(env(present)), ConditionContext.empty())).isFalse();
        assertThat(eval(exists(env(present)), ConditionContext.builder().env(Map.of("OTHER", "x")).build())).isFalse();
    }

    @Test
    void envFromSystemReadsOnlyTheAllowedKeys() {
        List<String> keys = new ArrayList<>(System.getenv().keySet());
        String allowed = keys.get(0);
        var context = ConditionContext.builder().envFromSystem(List.of(allowed, "DEVRIG_SURELY_UNSET_VARIABLE")).build();
        assertThat(context.env()).containsOnlyKeys(allowed);
        assertThat(eval(exists(env(allowed)), context)).isTrue();
        if (keys.size() > 1) {
            assertThat(eval(exists(env(keys.get(1))), context)).isFalse();
        }
    }

    @Test
    void secretRefsCompareWithTheSecretsValue() {
        var context = ConditionContext.builder().secrets(vault(Map.of("deploy.token", "ghp_123456"))).build();
        assertThat(eval(compare(secret("deploy.token"), "startsWith", lit("'ghp_'")), context)).isTrue();
        assertThat(eval(compare(secret("deploy.token"), "eq", lit("'ghp_123456'")), context)).isTrue();
        assertThat(eval(exists(secret("missing")), context)).isFalse();
        assertThat(eval(compare(secret("missing"), "neq", lit("'x'")), context)).isFalse();
    }

    @Test
    void theSecretLookupRunsOnlyForSecretRefsOncePerNameAndClosesTheValue() {
        AtomicInteger lookups = new AtomicInteger();
        List<SecretValue> handedOut = new ArrayList<>();
        var context = ConditionContext.builder().secrets(name -> {
            lookups.incrementAndGet();
            SecretValue value = new SecretValue("s3cr3t".toCharArray());
            handedOut.add(value);
            return Optional.of(value);
        }).run(tree("{'a':1}")).build();
        assertThat(eval(compare(ctx("a"), "eq", lit("1")), context)).isTrue();
        assertThat(lookups).hasValue(0);
        String twice = LogicTest.and(exists(secret("k")), compare(secret("k"), "eq", lit("'s3cr3t'")));
        assertThat(eval(twice, context)).isTrue();
        assertThat(lookups).hasValue(1);
        assertThat(handedOut.get(0).chars()).containsOnly('\0');
    }

    @Test
    void aFailingSecretLookupIsReportedWithoutItsMessage() {
        var context = ConditionContext.builder().secrets(name -> {
            throw new IllegalStateException("boom with s3cr3t inside");
        }).build();
        DevRigException e = devrigError(() -> eval(exists(secret("k")), context));
        assertThat(e.getMessage()).contains("$.ref", "secret 'k'", "IllegalStateException").doesNotContain("s3cr3t");
    }

    @Test
    void theVaultsOwnErrorsPassThrough() {
        var context = ConditionContext.builder().secrets(name -> {
            throw new DevRigException("SECRET_UNREADABLE", ErrorCategory.PERMANENT, "secret 'k' failed authentication");
        }).build();
        assertThat(devrigError(() -> eval(exists(secret("k")), context)).code()).isEqualTo("SECRET_UNREADABLE");
    }

    static java.util.function.Function<String, Optional<SecretValue>> vault(Map<String, String> secrets) {
        return name -> Optional.ofNullable(secrets.get(name)).map(v -> new SecretValue(v.toCharArray()));
    }
}
