package io.devrig.condition.internal;

import static io.devrig.condition.internal.Conditions.cast;
import static io.devrig.condition.internal.Conditions.ctx;
import static io.devrig.condition.internal.Conditions.lit;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.condition.CustomCondition;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.secrets.SecretValue;
import io.devrig.plugin.internal.invoke.Invoker;
import io.devrig.testing.TestJson;
import io.devrig.testing.TestPluginInvoker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** custom: plugin conditions found by plugin and id, called under the 500 ms limit. */
class CustomConditionTest {

    static final Duration GENEROUS = Duration.ofSeconds(20);

    private final CustomConditionRegistry registry = new CustomConditionRegistry();
    private final Invoker pluginInvoker = Invoker.withDefaults();
    private final AtomicReference<PluginInvoker> invoker = new AtomicReference<>(pluginInvoker);
    private final ConditionEngineImpl engine = new ConditionEngineImpl(Limits.DEFAULTS,
            new PluginConditions(registry, invoker::get, Duration.ofMillis(CustomCondition.TIME_LIMIT_MS)));
    private long nextServiceId = 1;

    private final TestPluginInvoker testInvoker = new TestPluginInvoker();

    @AfterEach
    void close() {
        pluginInvoker.close();
        testInvoker.close();
    }

    static String custom(String pluginId, String functionName, String... args) {
        return "{'type':'custom','pluginId':'" + pluginId + "','functionName':'" + functionName + "','args':["
                + String.join(",", args) + "]}";
    }

    private void register(String pluginId, String type, int ranking, CustomCondition condition) {
        registry.add(new CustomConditionRegistry.Entry(pluginId, type, condition, ranking, nextServiceId++));
    }

    private boolean eval(String condition, ConditionContext context) {
        return engine.compile(j(condition)).evaluate(context);
    }

    @Test
    void aPluginConditionGetsResolvedArgsAndAViewWithoutSecrets() {
        AtomicReference<List<Object>> seenArgs = new AtomicReference<>();
        AtomicReference<ConditionContext> seenView = new AtomicReference<>();
        register("acme.plugin", "acme.business_hours", 0, (args, view) -> {
            seenArgs.set(args);
            seenView.set(view);
            return true;
        });
        var context = ConditionContext.builder()
                .run(TestJson.tree("{'trigger':{'payload':{'hour':14,'tz':'Europe/Paris'}}}"))
                .nodeOutputs(Map.of("fetch", TestJson.tree("{'n':[1,2]}")))
                .env(Map.of("REGION", "eu"))
                .secrets(name -> Optional.of(new SecretValue("s3cr3t".toCharArray())))
                .build();
        String condition = custom("acme.plugin", "acme.business_hours", ctx("trigger.payload.hour"), lit("'x'"),
                "{'type':'node','nodeId':'fetch','path':'n'}", ctx("missing"), cast("string", ctx("trigger.payload.hour")),
                "{'type':'env','key':'REGION'}");
        assertThat(eval(condition, context)).isTrue();
        assertThat(seenArgs.get()).containsExactly(14, "x", List.of(1, 2), null, "14", "eu");
        ConditionContext view = seenView.get();
        assertThat(view.run()).isEqualTo(Map.of("trigger", Map.of("payload", Map.of("hour", 14, "tz", "Europe/Paris"))));
        assertThat(view.nodeOutput("fetch")).isEqualTo(Map.of("n", List.of(1, 2)));
        assertThat(view.nodeOutput("other")).isNull();
        assertThat(view.env()).isEqualTo(Map.of("REGION", "eu"));
        assertThat(view.secret("anything")).isEmpty();
        assertThat(view.customConditions()).isEmpty();
    }

    @Test
    void thePluginsAnswerIsTheValue() {
        register("p", "no", 0, (args, view) -> false);
        assertThat(eval(custom("p", "no"), ConditionContext.empty())).isFalse();
        assertThat(eval(LogicTest.not(custom("p", "no")), ConditionContext.empty())).isTrue();
    }

    @Test
    void aMissingConditionIsAClearEvaluationError() {
        register("other.plugin", "acme.biz", 0, (args, view) -> true);
        DevRigException e = devrigError(() -> eval(LogicTest.and(LogicTest.TRUE, custom("acme.plugin", "acme.biz")),
                ConditionContext.empty()));
        assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
        assertThat(e.category()).isEqualTo(ErrorCategory.PLUGIN);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("custom condition 'acme.plugin/acme.biz' at $.conditions[1]",
                "no active plugin 'acme.plugin' provides the condition 'acme.biz'");
        assertThat(e.error().details()).containsEntry("path", "$.conditions[1]");
    }

    @Test
    void aMissingConditionCompilesFine() {
        // plugins come and go: only evaluation can tell
        assertThat(engine.validate(j(custom("later.plugin", "later.cond")))).isEmpty();
    }

    @Test
    void aSlowConditionIsCancelledAfter500Ms() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        register("slow", "sleepy", 0, (args, view) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return true;
        });
        long start = System.nanoTime();
        DevRigException e = assertTimeoutPreemptively(GENEROUS,
                () -> devrigError(() -> eval(custom("slow", "sleepy"), ConditionContext.empty())));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.getMessage()).contains("custom condition 'slow/sleepy' at $", "within 500 ms");
        assertThat(elapsedMs).isGreaterThanOrEqualTo(450);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aThrowingConditionIsAPluginError() {
        register("bad", "boom", 0, (args, view) -> {
            throw new IllegalStateException("kaput");
        });
        DevRigException e = devrigError(() -> eval(custom("bad", "boom"), ConditionContext.empty()));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(e.category()).isEqualTo(ErrorCategory.PLUGIN);
        assertThat(e.getMessage()).contains("custom condition 'bad/boom' at $", "IllegalStateException: kaput");
        assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConditionsOwnDevRigExceptionKeepsItsCode() {
        register("p", "strict", 0, (args, view) -> {
            throw new DevRigException("ACME_BAD_ARGS", ErrorCategory.PERMANENT, "needs two args");
        });
        DevRigException e = devrigError(() -> eval(custom("p", "strict"), ConditionContext.empty()));
        assertThat(e.code()).isEqualTo("ACME_BAD_ARGS");
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("custom condition 'p/strict' at $: needs two args");
    }

    @Test
    void callsGoThroughThePluginInvokerWithA500MsLimit() {
        invoker.set(testInvoker);
        register("acme.plugin", "acme.biz", 0, (args, view) -> true);
        assertThat(eval(custom("acme.plugin", "acme.biz"), ConditionContext.empty())).isTrue();
        List<String> calls = testInvoker.calls().stream()
                .map(c -> c.pluginId() + "|" + c.operation() + "|" + (c.timeout() == null ? null : c.timeout().toMillis()))
                .toList();
        assertThat(calls).containsExactly("acme.plugin|condition acme.biz|500");
    }

    @ParameterizedTest
    @CsvSource({
        "PLUGIN_CIRCUIT_OPEN, PLUGIN",
        "PLUGIN_TIMEOUT,      TIMEOUT",
        "PLUGIN_BUSY,         RESOURCE",
        "PLUGIN_ERROR,        PLUGIN",
    })
    void theInvokersErrorsKeepTheirCodeAndCategory(String code, ErrorCategory category) {
        invoker.set(testInvoker.refuseWith((pluginId, operation) -> new DevRigException(
                DevRigError.of(code, category, "plugin " + pluginId + " said no").withDetails(Map.of("retryAfterMs", 1000)))));
        register("p", "c", 0, (args, view) -> true);
        DevRigException e = devrigError(() -> eval(custom("p", "c"), ConditionContext.empty()));
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.category()).isEqualTo(category);
        assertThat(e.retryable()).isEqualTo(category.retryableByDefault());
        assertThat(e.error().details()).containsEntry("retryAfterMs", 1000).containsEntry("customCondition", "p/c");
    }

    @Test
    void theHigherRankedServiceWinsThenTheOlder() {
        register("p", "c", 0, (args, view) -> false);
        register("p", "c", 10, (args, view) -> true);
        register("p", "c", 10, (args, view) -> false);
        assertThat(eval(custom("p", "c"), ConditionContext.empty())).isTrue();
        registry.remove(2);
        assertThat(eval(custom("p", "c"), ConditionContext.empty())).isFalse();
        registry.remove(1);
        registry.remove(3);
        assertThat(devrigError(() -> eval(custom("p", "c"), ConditionContext.empty())).code())
                .isEqualTo(ConditionErrors.CONDITION_CUSTOM_NOT_FOUND);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "NULL,     flowNode:a, missing",
        "'',       flowNode:,  missing",
        "a,        NULL,       expected flowNode:a",
        "a,        action:a,   expected flowNode:a",
        "a,        flowNode:b, expected flowNode:a",
    })
    void servicesMustDeclareTheMatchingFlowNodeCapability(String type, String capability, String reason) {
        assertThat(CustomConditionRegistry.refusal(type, capability)).contains(reason);
    }

    @Test
    void aMatchingCapabilityIsAccepted() {
        assertThat(CustomConditionRegistry.refusal("acme.biz", "flowNode:acme.biz")).isNull();
    }

    @Test
    void secretsCannotBePassedToPlugins() {
        List<String> problems = engine.validate(j(custom("p", "c", "{'type':'secret','key':'token'}",
                cast("string", "{'type':'secret','key':'token'}"))));
        assertThat(problems).containsExactly(
                "$.args[0]: a secret cannot be passed to a custom condition (plugins read the secrets they are granted through their SDK)",
                "$.args[1].ref: a secret cannot be passed to a custom condition (plugins read the secrets they are granted through their SDK)");
    }

    @Test
    void aCallerInTheContextReplacesThePlugins() {
        AtomicInteger pluginCalls = new AtomicInteger();
        register("p", "c", 0, (args, view) -> pluginCalls.incrementAndGet() > 0);
        List<String> stubbed = new ArrayList<>();
        var context = ConditionContext.builder().customConditions((pluginId, fn, args, view) -> {
            stubbed.add(pluginId + "/" + fn + args);
            return false;
        }).build();
        assertThat(eval(custom("p", "c", lit("1")), context)).isFalse();
        assertThat(stubbed).containsExactly("p/c[1]");
        assertThat(pluginCalls).hasValue(0);
    }

    @Test
    void aFailingCallerIsReportedAsAPluginError() {
        var context = ConditionContext.builder().customConditions((pluginId, fn, args, view) -> {
            throw new java.io.IOException("offline");
        }).build();
        DevRigException e = devrigError(() -> eval(custom("p", "c"), context));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(e.getMessage()).contains("custom condition 'p/c' at $ failed: java.io.IOException");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'type':'custom','functionName':'c'}                          | $.pluginId: required",
        "{'type':'custom','pluginId':'p'}                              | $.functionName: required",
        "{'type':'custom','pluginId':'p','functionName':'Not An Id'}   | $.functionName: 'Not An Id' is not the condition's id",
        "{'type':'custom','pluginId':'has space','functionName':'c'}   | $.pluginId: 'has space' is not the plugin's name",
        "{'type':'custom','pluginId':'p','functionName':'c','args':{}} | $.args: must be an array of value refs",
        "{'type':'custom','pluginId':'p','functionName':'c','args':[1]}| $.args[0]: must be a value ref",
    })
    void customExpressionsAreChecked(String condition, String problem) {
        assertThat(engine.validate(j(condition))).anySatisfy(p -> assertThat(p).startsWith(problem));
    }

    @Test
    void withoutThePluginHostAPluginsConditionIsNotCalled() {
        AtomicInteger calls = new AtomicInteger();
        register("p", "c", 0, (args, view) -> calls.incrementAndGet() > 0);
        invoker.set(null);
        DevRigException e = devrigError(() -> eval(custom("p", "c"), ConditionContext.empty()));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(e.getMessage()).contains("custom condition 'p/c' at $", "the plugin host is not running");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aConditionThatIgnoresInterruptionKeepsOnlyThePluginsOwnThreads() {
        AtomicBoolean release = new AtomicBoolean();
        register("stuck", "spin", 0, (args, view) -> {
            while (!release.get()) {
                Thread.onSpinWait(); // ignores interruption
            }
            return true;
        });
        register("other", "ok", 0, (args, view) -> true);
        try {
            for (int i = 0; i < 4; i++) {
                assertThat(devrigError(() -> eval(custom("stuck", "spin"), ConditionContext.empty())).code())
                        .isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
            }
            DevRigException busy = devrigError(() -> eval(custom("stuck", "spin"), ConditionContext.empty()));
            assertThat(busy.code()).isEqualTo(ErrorCodes.PLUGIN_BUSY);
            assertThat(busy.category()).isEqualTo(ErrorCategory.RESOURCE);
            assertThat(eval(custom("other", "ok"), ConditionContext.empty())).isTrue();
        } finally {
            release.set(true);
        }
    }
}
