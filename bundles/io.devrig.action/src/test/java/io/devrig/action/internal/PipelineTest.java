package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.action.internal.Fixtures.call;
import static io.devrig.testing.TestJson.j;
import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionHook;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {

    static final String IN = j("{'type':'object','required':['n'],'properties':{'n':{'type':'integer','minimum':0},"
            + "'name':{'type':'string'}}}");
    static final String OUT = j("{'type':'object','required':['sum'],'properties':{'sum':{'type':'integer'}}}");

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
    private final TestActionContext ctx = new TestActionContext();

    @AfterEach
    void close() {
        registry.close();
    }

    private TestExecutor publish(ActionDescriptor d, TestExecutor.Body body) {
        TestExecutor e = new TestExecutor(d, body);
        registry.addExecutor(e, null, null, 0, Fixtures.IDS.incrementAndGet(), "test");
        return e;
    }

    private TestExecutor adder() {
        return publish(ActionDescriptor.of("math.add", "Add", null, IN, OUT),
                (input, c) -> Map.of("sum", ((Integer) ((Map<?, ?>) input).get("n")) + 1));
    }

    @Test
    void successRunsOnTheCallingThreadWithTheResolvedInput() {
        TestExecutor e = adder();
        ActionOutcome o = registry.execute(call("math.add", plainObject("{'n':'{{trigger.n}}','name':'x {{trigger.n}}'}"),
                Map.of("trigger", Map.of("n", 41)), ctx, java.time.Duration.ofSeconds(5)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.input()).isEqualTo(Map.of("n", 41, "name", "x 41"));
        assertThat(o.output()).isEqualTo(Map.of("sum", 42));
        assertThat(o.warnings()).isEmpty();
        assertThat(o.previewed()).isFalse();
        assertThat(e.threads()).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void unknownTypeIsATransientErrorTheDefaultPolicyRetries() {
        ActionOutcome o = registry.execute(call("gone.away", plainObject("{'a':'{{x}}'}"), ctx));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.input()).isNull();
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_UNKNOWN);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(o.error().retryable()).isTrue();
        assertThat(o.error().message()).contains("gone.away");
        assertThat(o.error().runId()).isEqualTo("run-1");
        assertThat(o.error().nodeId()).isEqualTo("node-1");
    }

    @Test
    void unresolvedConfigFailsBeforeExecution() {
        TestExecutor e = adder();
        ActionOutcome o = registry.execute(call("math.add", plainObject("{'n':'{{#each}}'}"), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_CONFIG_UNRESOLVED);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(o.error().retryable()).isFalse();
        assertThat(o.error().message()).startsWith("$.n: ");
        assertThat(o.input()).isNull();
        assertThat(e.executions()).hasValue(0);
    }

    @Test
    void invalidInputListsProblemsWithPaths() {
        TestExecutor e = adder();
        ActionOutcome o = registry.execute(call("math.add", plainObject("{'n':-1,'name':{'$ref':'trigger.n'}}"),
                Map.of("trigger", Map.of("n", 5)), ctx, java.time.Duration.ofSeconds(5)));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(o.error().retryable()).isFalse();
        assertThat(o.error().details().get("problems")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder(
                "$.n: must have a minimum value of 0", "$.name: integer found, string expected");
        assertThat(o.error().message()).startsWith("the input of action math.add does not match its schema: ")
                .contains("$.n: must have a minimum value of 0");
        assertThat(o.input()).isEqualTo(Map.of("n", -1, "name", 5)); // the resolved input is kept
        assertThat(e.executions()).hasValue(0);
    }

    @Test
    void messageListsOnlyTheFirstFewProblems() {
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            props.append(i == 0 ? "" : ",").append("'p").append(i).append("':{'type':'string'}");
        }
        publish(ActionDescriptor.of("many.props", null, null, j("{'type':'object','properties':{" + props + "}}"),
                null), (i, c) -> null);
        ActionOutcome o = registry.execute(call("many.props",
                plainObject("{'p0':0,'p1':1,'p2':2,'p3':3,'p4':4,'p5':5}"), ctx));
        assertThat(o.error().details().get("problems")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(6);
        assertThat(o.error().message()).endsWith("(and 3 more)");
    }

    @Test
    void outputMismatchIsAWarningNotAFailure() {
        publish(ActionDescriptor.of("math.bad", null, null, IN, OUT), (input, c) -> Map.of("sum", "nope"));
        ActionOutcome o = registry.execute(call("math.bad", plainObject("{'n':1}"), ctx));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).isEqualTo(Map.of("sum", "nope"));
        assertThat(o.warnings()).singleElement().asString()
                .isEqualTo("the output of action math.bad does not match its output schema: $.sum: string found, integer expected");
        assertThat(ctx.logs()).containsExactly("WARN " + o.warnings().get(0));
    }

    @Test
    void outputThatIsNotJsonIsAWarning() {
        publish(ActionDescriptor.of("odd.out", null, null, null, OUT), (input, c) -> Map.of("sum", new Object()));
        ActionOutcome o = registry.execute(call("odd.out", Map.of(), ctx));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.warnings()).singleElement().asString().contains("$.sum: not a JSON value (Java Object)");
    }

    @Test
    void devRigExceptionKeepsItsError() {
        publish(ActionDescriptor.of("x.rate", null, null, null, null), (i, c) -> {
            throw new DevRigException(ErrorCodes.RATE_LIMITED, ErrorCategory.TRANSIENT, "slow down");
        });
        ActionOutcome o = registry.execute(call("x.rate", plainObject("{'a':1}"), ctx));
        assertThat(o.error().code()).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(o.error().retryable()).isTrue();
        assertThat(o.error().message()).isEqualTo("slow down");
        assertThat(o.error().runId()).isEqualTo("run-1");
        assertThat(o.input()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void otherExceptionIsActionFailedWithTypeAndMessageOnly() {
        publish(ActionDescriptor.of("x.boom", null, null, null, null), (i, c) -> {
            throw new IllegalStateException("disk\nfull");
        });
        ActionOutcome o = registry.execute(call("x.boom", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_FAILED);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.PLUGIN);
        assertThat(o.error().message()).isEqualTo("IllegalStateException: disk full");
        publish(ActionDescriptor.of("x.npe", null, null, null, null), (i, c) -> {
            throw new NullPointerException();
        });
        assertThat(registry.execute(call("x.npe", Map.of(), ctx)).error().message()).isEqualTo("NullPointerException");
    }

    @Test
    void hooksRunInRankingOrderAndCanVeto() {
        List<String> seen = new CopyOnWriteArrayList<>();
        TestExecutor e = adder();
        registry.addHook(recording("low", seen, null), 1, 11);
        registry.addHook(recording("high", seen, null), 10, 12);
        ActionOutcome ok = registry.execute(call("math.add", plainObject("{'n':1}"), ctx));
        assertThat(ok.succeeded()).isTrue();
        assertThat(seen).containsExactly("before high {n=1}", "before low {n=1}", "after high ok", "after low ok");

        seen.clear();
        registry.addHook(recording("veto", seen, new DevRigException(ErrorCodes.RATE_LIMITED, ErrorCategory.TRANSIENT,
                "too many")), 5, 13);
        ActionOutcome vetoed = registry.execute(call("math.add", plainObject("{'n':1}"), ctx));
        assertThat(vetoed.error().code()).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(vetoed.error().nodeId()).isEqualTo("node-1");
        assertThat(vetoed.input()).isEqualTo(Map.of("n", 1));
        assertThat(e.executions()).hasValue(1);
        // low never saw before(), so it gets no after()
        assertThat(seen).containsExactly("before high {n=1}", "before veto {n=1}", "after high RATE_LIMITED",
                "after veto RATE_LIMITED");

        registry.removeHook(13);
        seen.clear();
        registry.execute(call("math.add", plainObject("{'n':1}"), ctx));
        assertThat(seen).hasSize(4);
    }

    @Test
    void hookThatThrowsSomethingElseIsAVeto() {
        TestExecutor e = adder();
        registry.addHook(recording("broken", new CopyOnWriteArrayList<>(), new IllegalArgumentException("bad hook")), 0, 21);
        ActionOutcome o = registry.execute(call("math.add", plainObject("{'n':1}"), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_VETOED);
        assertThat(o.error().message()).contains("IllegalArgumentException: bad hook");
        assertThat(e.executions()).hasValue(0);
    }

    @Test
    void postHookFailuresAreIgnored() {
        adder();
        registry.addHook(new ActionHook() {
            @Override
            public void after(ActionDescriptor action, ActionOutcome outcome, ActionContext context) {
                throw new IllegalStateException("after failed");
            }
        }, 0, 31);
        assertThat(registry.execute(call("math.add", plainObject("{'n':1}"), ctx)).succeeded()).isTrue();
    }

    @Test
    void dryRunPreviewsActionsWithSideEffects() {
        TestExecutor sends = publish(ActionDescriptor.of("mail.send", null, null, null, null).withSideEffects(true),
                (i, c) -> "sent");
        TestExecutor pure = publish(ActionDescriptor.of("data.pure", null, null, null, OUT), (i, c) -> Map.of("sum", 1));
        ctx.dryRun(true);
        ActionOutcome preview = registry.execute(call("mail.send", plainObject("{'to':'{{who}}'}"), Map.of("who", "ada"), ctx,
                java.time.Duration.ofSeconds(5)));
        assertThat(preview.succeeded()).isTrue();
        assertThat(preview.previewed()).isTrue();
        assertThat(preview.output()).isEqualTo(Map.of("preview", true, "actionType", "mail.send",
                "input", Map.of("to", "ada")));
        assertThat(sends.executions()).hasValue(0);
        assertThat(sends.previews()).hasValue(1);

        ActionOutcome ran = registry.execute(call("data.pure", Map.of(), ctx));
        assertThat(ran.previewed()).isFalse();
        assertThat(ran.output()).isEqualTo(Map.of("sum", 1));
        assertThat(pure.executions()).hasValue(1);
    }

    @Test
    void outcomeCarriesTheExecutionTime() {
        publish(ActionDescriptor.of("x.slow", null, null, null, null), (i, c) -> {
            Thread.sleep(30);
            return null;
        });
        ActionOutcome o = registry.execute(call("x.slow", Map.of(), ctx));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.durationMs()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void metricsCountCallsFailuresAndTime() {
        adder();
        publish(ActionDescriptor.of("x.slow", null, null, null, null), (i, c) -> {
            Thread.sleep(20);
            return null;
        });
        for (int i = 0; i < 3; i++) {
            registry.execute(call("math.add", plainObject("{'n':1}"), ctx));
        }
        registry.execute(call("math.add", plainObject("{'n':-5}"), ctx)); // invalid input
        registry.execute(call("x.slow", Map.of(), ctx));
        registry.execute(call("not.there", Map.of(), ctx));
        var metrics = registry.metrics();
        assertThat(metrics).extracting(m -> m.type()).containsExactly("math.add", "x.slow");
        assertThat(metrics.get(0).calls()).isEqualTo(4);
        assertThat(metrics.get(0).failures()).isEqualTo(1);
        assertThat(metrics.get(1).calls()).isEqualTo(1);
        assertThat(metrics.get(1).failures()).isZero();
        assertThat(metrics.get(1).maxMillis()).isGreaterThanOrEqualTo(20);
        assertThat(metrics.get(1).totalMillis()).isEqualTo(metrics.get(1).maxMillis());
    }

    @Test
    void brokenInputSchemaFailsAsTheActionsFault() {
        TestExecutor e = publish(ActionDescriptor.of("bad.schema", null, null, "{nope", null), (i, c) -> 1);
        ActionOutcome o = registry.execute(call("bad.schema", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_FAILED);
        assertThat(o.error().message()).startsWith("the input schema of action bad.schema cannot be used");
        assertThat(e.executions()).hasValue(0);
    }

    private static ActionHook recording(String name, List<String> seen, RuntimeException veto) {
        return new ActionHook() {
            @Override
            public void before(ActionDescriptor action, Object input, ActionContext context) {
                seen.add("before " + name + " " + input);
                if (veto != null) {
                    throw veto;
                }
            }

            @Override
            public void after(ActionDescriptor action, ActionOutcome outcome, ActionContext context) {
                seen.add("after " + name + " " + (outcome.succeeded() ? "ok" : outcome.error().code()));
            }
        };
    }
}
