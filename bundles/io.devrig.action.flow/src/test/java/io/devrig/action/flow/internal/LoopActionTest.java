package io.devrig.action.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.action.flow.internal.TestActions.Failer;
import io.devrig.action.flow.internal.TestActions.Gate;
import io.devrig.action.flow.internal.TestActions.Sleeper;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopActionTest {

    private final TestRegistry registry = new TestRegistry();
    private final TestObjects<ActionRegistry> registryObjects = new TestObjects<>(registry.service);
    private final LoopActionComponent loop = new LoopActionComponent(registryObjects);
    private final ExecutorService caller = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        loop.deactivate();
        caller.shutdownNow();
    }

    static Map<String, Object> node(List<?> items, String type, Map<String, Object> config, Object... more) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", type);
        action.put("config", config);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("items", items);
        input.put("action", action);
        for (int i = 0; i < more.length; i += 2) {
            input.put((String) more[i], more[i + 1]);
        }
        return input;
    }

    /** The loop node's context: a minute to go, attempt 2. */
    static TestActionContext normal() {
        return new TestActionContext().nodeId("loop").attempt(2);
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(Object output) {
        return (List<Map<String, Object>>) TestActions.in(output).get("results");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void theRegistryIsTakenOnFirstUseNotAtActivationAndGivenBackOnDeactivation() {
        // the registry binds this executor while it is created: needing it at activation is a cycle
        registry.add(TestActions.doubler());
        LoopActionComponent fresh = new LoopActionComponent(registryObjects);
        assertThat(registryObjects.gets).hasValue(0);
        fresh.execute(node(List.of(1), "test.double", Map.of("n", "{{item}}")), normal());
        fresh.execute(node(List.of(2), "test.double", Map.of("n", "{{item}}")), normal());
        assertThat(registryObjects.gets).hasValue(1);
        fresh.deactivate();
        assertThat(registryObjects.ungets).hasValue(1);
    }

    @Test
    void sequentialRunsEveryElementInOrderOnTheCallersThread() {
        TestExecutor doubler = TestActions.doubler();
        registry.add(doubler);

        Object output = loop.execute(node(List.of(1, 2, 3), "test.double", Map.of("n", "{{item}}")),
                normal());

        assertThat(results(output)).extracting(r -> r.get("index")).containsExactly(0, 1, 2);
        assertThat(results(output)).extracting(r -> r.get("output"))
                .containsExactly(Map.of("doubled", 2), Map.of("doubled", 4), Map.of("doubled", 6));
        assertThat(results(output)).extracting(r -> r.get("error")).containsOnlyNulls();
        assertThat(TestActions.in(output)).containsEntry("succeeded", 3).containsEntry("failed", 0);
        assertThat(doubler.threads()).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void sequentialRunsOneAtATime() {
        Sleeper sleeper = new Sleeper(1);
        registry.add(sleeper);

        loop.execute(node(List.of(20, 20, 20, 20), "test.sleep", Map.of("ms", "{{item}}")), normal());

        assertThat(sleeper.startedCount).hasValue(4);
        assertThat(sleeper.maxInFlight).hasValue(1);
    }

    @Test
    void concurrentKeepsElementOrderWhenLaterElementsFinishFirst() {
        Sleeper sleeper = new Sleeper(1);
        registry.add(sleeper);
        List<Integer> sleeps = List.of(120, 90, 60, 30, 0);

        Object output = loop.execute(node(sleeps, "test.sleep", Map.of("ms", "{{item}}"), "concurrency", 5),
                normal());

        assertThat(results(output)).extracting(r -> r.get("index")).containsExactly(0, 1, 2, 3, 4);
        assertThat(results(output)).extracting(r -> map(r.get("output")).get("slept"))
                .containsExactly(120, 90, 60, 30, 0);
        assertThat(sleeper.maxInFlight.get()).isGreaterThan(1);
    }

    @Test
    void concurrencyIsReachedAndNeverExceeded() {
        Gate gate = new Gate(4);
        registry.add(gate);

        Object output = loop.execute(node(range(24), "test.gate", Map.of("i", "{{index}}"), "concurrency", 4),
                normal());

        // the gate only opens once four calls wait at the same time: four ran at once, and never more
        assertThat(gate.maxInFlight).hasValue(4);
        assertThat(TestActions.in(output)).containsEntry("succeeded", 24).containsEntry("failed", 0);
        assertThat(results(output)).extracting(r -> r.get("output")).containsExactlyElementsOf(range(24));
    }

    @Test
    void twoLoopsAtOnceEachKeepTheirOwnBound() throws Exception {
        Gate gate = new Gate(6);
        registry.add(gate);
        Map<String, Object> input = node(range(30), "test.gate", Map.of("i", "{{index}}"), "concurrency", 3);

        Future<Object> first = caller.submit(() -> loop.execute(input, normal()));
        Future<Object> second = caller.submit(() -> loop.execute(input, normal()));

        assertThat(TestActions.in(first.get(30, TimeUnit.SECONDS))).containsEntry("succeeded", 30);
        assertThat(TestActions.in(second.get(30, TimeUnit.SECONDS))).containsEntry("succeeded", 30);
        assertThat(gate.maxInFlight).hasValue(6);
    }

    @Test
    void continueOnErrorRecordsFailuresAndRunsEveryElement() {
        Failer failer = new Failer(1, 3);
        registry.add(failer);

        Object output = loop.execute(node(range(5), "test.fail", Map.of("i", "{{index}}"), "continueOnError", true),
                normal());

        assertThat(failer.started).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(TestActions.in(output)).containsEntry("succeeded", 3).containsEntry("failed", 2);
        List<Map<String, Object>> results = results(output);
        assertThat(results.get(1).get("output")).isNull();
        assertThat(results.get(1).get("error"))
                .isEqualTo(Map.of("code", "TEST_BOOM", "category", "transient", "message", "boom at 1"));
        assertThat(results.get(3).get("error")).isNotNull();
        assertThat(results.get(2)).containsEntry("output", Map.of("ok", 2)).containsEntry("error", null);
    }

    @Test
    void continueOnErrorConcurrentlyAlsoRunsEveryElement() {
        Failer failer = new Failer(0, 7);
        registry.add(failer);

        Object output = loop.execute(node(range(10), "test.fail", Map.of("i", "{{index}}"), "continueOnError", true,
                "concurrency", 3), normal());

        assertThat(failer.started).hasSize(10);
        assertThat(TestActions.in(output)).containsEntry("succeeded", 8).containsEntry("failed", 2);
        assertThat(results(output)).extracting(r -> r.get("error") == null)
                .containsExactly(false, true, true, true, true, true, true, false, true, true);
    }

    @Test
    void withoutContinueOnErrorTheFirstFailureFailsTheLoopAndLaterElementsDoNotStart() {
        Failer failer = new Failer(1);
        registry.add(failer);

        DevRigException e = catchThrowableOfType(DevRigException.class,
                () -> loop.execute(node(range(5), "test.fail", Map.of("i", "{{index}}")), normal()));

        assertThat(failer.started).containsExactlyInAnyOrder(0, 1);
        assertThat(e.code()).isEqualTo("TEST_BOOM");
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.error().message()).isEqualTo("$.items[1]: element 1 (test.fail) failed: boom at 1");
        assertThat(e.error().details()).containsEntry("index", 1).containsEntry("succeeded", List.of(0))
                .containsEntry("failed", List.of(1)).containsEntry("notRun", 3)
                .containsEntry("innerDetails", Map.of("why", "test"));
    }

    @Test
    void withoutContinueOnErrorRunningElementsFinishButNoneStartAfterTheFailure() {
        Failer failer = new Failer(0);
        registry.add(failer);

        DevRigException e = catchThrowableOfType(DevRigException.class, () -> loop.execute(
                node(range(10), "test.fail", Map.of("i", "{{index}}", "sleep", 300), "concurrency", 2),
                normal()));

        assertThat(e.code()).isEqualTo("TEST_BOOM");
        assertThat(e.error().details()).containsEntry("index", 0);
        // element 1 was running when 0 failed: it completed, not interrupted; nothing else started
        assertThat(failer.started).containsExactlyInAnyOrder(0, 1);
        assertThat(failer.completed).containsExactly(1);
        assertThat(failer.interrupted).hasValue(0);
        assertThat(e.error().details()).containsEntry("succeeded", List.of(1)).containsEntry("notRun", 8);
    }

    @Test
    void aNonRetryableInnerFailureStaysNonRetryable() {
        registry.add(TestActions.doubler());

        // "n" missing: the doubler throws a NullPointerException, the registry reports ACTION_FAILED
        DevRigException e = catchThrowableOfType(DevRigException.class,
                () -> loop.execute(node(List.of(1), "test.double", Map.of()), normal()));
        assertThat(e.code()).isEqualTo("ACTION_FAILED");
        assertThat(e.category()).isEqualTo(ErrorCategory.PLUGIN);
    }

    @Test
    void cancellingMidLoopInterruptsRunningElementsAndStartsNoMore() throws Exception {
        Sleeper sleeper = new Sleeper(3);
        registry.add(sleeper);
        TestActionContext context = normal();
        Future<Object> running = caller.submit(() -> loop.execute(
                node(List.of(60_000, 60_000, 60_000, 60_000, 60_000, 60_000), "test.sleep", Map.of("ms", "{{item}}"),
                        "concurrency", 3),
                context));
        assertThat(sleeper.started.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        context.cancel();
        DevRigException e = failure(running);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
        assertThat(sleeper.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeper.startedCount).hasValue(3);
    }

    @Test
    void cancellingASequentialLoopStopsTheRunningElementThroughItsContext() throws Exception {
        Sleeper sleeper = new Sleeper(1);
        registry.add(sleeper);
        TestActionContext context = normal();
        Future<Object> running = caller.submit(() -> loop.execute(
                node(List.of(60_000, 60_000, 60_000), "test.sleep", Map.of("ms", "{{item}}")), context));
        assertThat(sleeper.started.await(10, TimeUnit.SECONDS)).isTrue();

        context.cancel();
        DevRigException e = failure(running);

        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(sleeper.cancelledSeen).hasValue(1);
        assertThat(sleeper.startedCount).hasValue(1);
    }

    @Test
    void interruptingTheLoopInterruptsItsElementsAndKeepsTheFlag() throws Exception {
        Sleeper sleeper = new Sleeper(2);
        registry.add(sleeper);
        CompletableFuture<DevRigException> error = new CompletableFuture<>();
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                loop.execute(node(List.of(60_000, 60_000, 60_000, 60_000), "test.sleep", Map.of("ms", "{{item}}"),
                        "concurrency", 2), normal());
                error.complete(null);
            } catch (DevRigException e) {
                error.complete(e);
            }
            flag.complete(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(sleeper.started.await(10, TimeUnit.SECONDS)).isTrue();

        worker.interrupt();

        assertThat(error.get(10, TimeUnit.SECONDS).code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(flag.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeper.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sleeper.interrupted.get() + sleeper.cancelledSeen.get()).isEqualTo(2);
        assertThat(sleeper.startedCount).hasValue(2);
    }

    @Test
    void theDeadlineEndsTheLoopAsATimeout() {
        registry.add(new Sleeper(1));

        DevRigException e = catchThrowableOfType(DevRigException.class, () -> loop.execute(
                node(List.of(60_000, 60_000, 60_000), "test.sleep", Map.of("ms", "{{item}}"), "concurrency", 2),
                new TestActionContext().deadlineIn(Duration.ofMillis(300))));

        assertThat(e.code()).isEqualTo(ErrorCodes.TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void eachElementGetsTheTimeLeftUntilTheDeadline() {
        registry.add(TestActions.recorder());

        loop.execute(node(List.of("a"), "test.record", Map.of()),
                new TestActionContext().deadlineIn(Duration.ofSeconds(30)));

        Duration timeout = registry.invocations.get(0).timeout();
        assertThat(timeout).isLessThanOrEqualTo(Duration.ofSeconds(30)).isGreaterThan(Duration.ofSeconds(20));
    }

    @Test
    void withoutADeadlineEachElementGetsTheDefaultLimit() {
        registry.add(TestActions.recorder());

        loop.execute(node(List.of("a"), "test.record", Map.of()), new TestActionContext().deadline(null));

        assertThat(registry.invocations.get(0).timeout()).isEqualTo(LoopAction.NO_DEADLINE_TIMEOUT);
    }

    @Test
    void childContextsCarryTheElementInTheirIdsAndDelegateTheRest() {
        TestExecutor recorder = TestActions.recorder();
        registry.add(recorder);
        TestActionContext outer = normal();

        loop.execute(node(List.of("a", "b"), "test.record", Map.of("x", 1), "concurrency", 2), outer);

        List<ActionInvocation> calls = new ArrayList<>(registry.invocations);
        calls.sort((a, b) -> a.context().nodeId().compareTo(b.context().nodeId()));
        assertThat(calls).extracting(c -> c.context().nodeId()).containsExactly("loop[0]", "loop[1]");
        assertThat(calls).extracting(c -> c.context().idempotencyKey()).containsExactly("run-1:loop:0", "run-1:loop:1");
        for (ActionInvocation call : calls) {
            ActionContext child = call.context();
            assertThat(child.runId()).isEqualTo("run-1");
            assertThat(child.workflowId()).isEqualTo("wf-1");
            assertThat(child.correlationId()).isEqualTo("corr-1");
            assertThat(child.attempt()).isEqualTo(2);
            assertThat(child.dryRun()).isFalse();
            assertThat(child.deadline()).isEqualTo(outer.deadline());
            assertThat(call.type()).isEqualTo("test.record");
            assertThat(call.config()).isEqualTo(Map.of("x", 1));
        }
        assertThat(calls.get(1).data()).isEqualTo(Map.of("item", "b", "index", 1, "items", List.of("a", "b")));
        // cancellation of the loop reaches the children, and their log lines go to the loop's log
        assertThat(calls.get(0).context().cancelled()).isFalse();
        outer.cancel();
        assertThat(calls.get(0).context().cancelled()).isTrue();
        assertThat(outer.logs()).contains("INFO [0] recorded", "INFO [1] recorded");
    }

    @Test
    void aDryRunPreviewsInnerActionsWithSideEffects() {
        TestExecutor effect = TestActions.effect();
        registry.add(effect);

        Object output = loop.execute(node(List.of(1, 2), "test.effect", Map.of("v", "{{item}}"), "concurrency", 2),
                normal().dryRun(true));

        assertThat(effect.executions()).hasValue(0);
        assertThat(results(output)).extracting(r -> map(r.get("output")).get("preview")).containsExactly(true, true);
        assertThat(results(output)).extracting(r -> map(r.get("output")).get("input"))
                .containsExactly(Map.of("v", 1), Map.of("v", 2));
        assertThat(loop.descriptor().sideEffects()).isFalse();
    }

    @Test
    void escapedTemplatesSurviveTheNodesOwnResolutionAndAreResolvedPerElement() {
        TestExecutor recorder = TestActions.recorder();
        registry.add(recorder);
        // the node config as saved: run-data templates plain, per-element templates escaped
        Map<String, Object> saved = node(List.of(), "test.record", Map.of(
                "id", "\\{{item.id}}",
                "tags", "\\{{item.tags}}",
                "label", "{{trigger.name}}-\\{{index}}",
                "base", "\\{{vars.base}}"),
                "vars", Map.of("base", "{{trigger.url}}"));
        saved.put("items", Map.of("$ref", "trigger.list"));
        Map<String, Object> runData = Map.of("trigger", Map.of("name", "T", "url", "https://x.test/{{not-a-tag}}",
                "list", List.of(Map.of("id", 7, "tags", List.of("a")), Map.of("id", 8, "tags", List.of()))));

        // what the registry does before calling flow.loop
        Object resolved = registry.service.resolve(saved, runData);
        Object output = loop.execute(resolved, normal());

        assertThat(results(output)).extracting(r -> r.get("output")).containsExactly(
                Map.of("id", 7, "tags", List.of("a"), "label", "T-0", "base", "https://x.test/{{not-a-tag}}"),
                Map.of("id", 8, "tags", List.of(), "label", "T-1", "base", "https://x.test/{{not-a-tag}}"));
    }

    @Test
    void noItemsGiveAnEmptyResult() {
        registry.add(TestActions.doubler());

        Object output = loop.execute(node(List.of(), "test.double", Map.of("n", "{{item}}")), normal());

        assertThat(output).isEqualTo(Map.of("results", List.of(), "succeeded", 0, "failed", 0));
        assertThat(registry.invocations).isEmpty();
    }

    @Test
    void anUnknownInnerTypeIsRefusedNamingThePath() {
        DevRigException e = assertInvalid(node(List.of(1), "nope.missing", Map.of()), "$.action.type");
        assertThat(e.error().message()).contains("unknown action type 'nope.missing'");
        assertThat(registry.invocations).isEmpty();
    }

    @Test
    void aNestedLoopIsRefused() {
        registry.add(loop);
        DevRigException e = assertInvalid(node(List.of(1), "flow.loop", Map.of()), "$.action.type");
        assertThat(e.error().message()).contains("nested loops are not supported");
        assertThat(registry.invocations).isEmpty();
    }

    @Test
    void maxItemsIsEnforcedNeverSilentlyCut() {
        registry.add(TestActions.doubler());
        DevRigException e = assertInvalid(node(range(1001), "test.double", Map.of("n", "{{item}}")), "$.items");
        assertThat(e.error().message()).contains("1001 elements").contains("maxItems (1000, the default");

        assertInvalid(node(range(6), "test.double", Map.of("n", "{{item}}"), "maxItems", 5), "$.items");
        Object output = loop.execute(node(range(5), "test.double", Map.of("n", "{{item}}"), "maxItems", 5),
                normal());
        assertThat(TestActions.in(output)).containsEntry("succeeded", 5);

        Object big = loop.execute(node(range(1500), "test.double", Map.of("n", "{{item}}"), "maxItems", 2000,
                "concurrency", 8), normal());
        assertThat(TestActions.in(big)).containsEntry("succeeded", 1500);

        assertInvalid(node(range(1), "test.double", Map.of(), "maxItems", 10_001), "$.maxItems");
        assertInvalid(node(range(1), "test.double", Map.of(), "maxItems", 0), "$.maxItems");
        assertThat(registry.invocations).hasSize(1505);
    }

    @Test
    void badInputNamesThePath() {
        registry.add(TestActions.doubler());
        assertInvalid(node(range(1), "test.double", Map.of(), "concurrency", 17), "$.concurrency");
        assertInvalid(node(range(1), "test.double", Map.of(), "concurrency", 0), "$.concurrency");
        assertInvalid(node(range(1), "test.double", Map.of(), "continueOnError", "yes"), "$.continueOnError");
        assertInvalid(node(range(1), "test.double", Map.of(), "concurency", 2), "$.concurency");
        assertInvalid(node(null, "test.double", Map.of()), "$.items");
        assertInvalid(Map.of("items", "abc", "action", Map.of("type", "test.double")), "$.items");
        assertInvalid(Map.of("items", List.of()), "$.action");
        assertInvalid(Map.of("items", List.of(), "action", Map.of("config", Map.of())), "$.action.type");
        assertInvalid(Map.of("items", List.of(), "action", Map.of("type", 5)), "$.action.type");
        assertInvalid(Map.of("items", List.of(), "action", Map.of("type", "test.double", "config", List.of())),
                "$.action.config");
        assertInvalid(Map.of("items", List.of(), "action", Map.of("type", "test.double", "cfg", Map.of())),
                "$.action.cfg");
        assertInvalid(List.of(), "$");
        assertThat(registry.invocations).isEmpty();
    }

    @Test
    void aStoppedComponentFailsConcurrentLoopsRetryably() {
        registry.add(TestActions.doubler());
        loop.deactivate();

        DevRigException e = catchThrowableOfType(DevRigException.class, () -> loop.execute(
                node(range(4), "test.double", Map.of("n", "{{item}}"), "concurrency", 2), normal()));

        assertThat(e.code()).isEqualTo(LoopAction.STOPPED);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.retryable()).isTrue();
    }

    private DevRigException assertInvalid(Object input, String path) {
        DevRigException e = catchThrowableOfType(DevRigException.class, () -> loop.execute(input, normal()));
        assertThat(e).as("input %s", input).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).startsWith(path + ": ");
        assertThat(e.error().details()).containsEntry("path", path);
        return e;
    }

    private static DevRigException failure(Future<Object> running) throws Exception {
        try {
            running.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DevRigException.class);
            return (DevRigException) e.getCause();
        }
        throw new AssertionError("the loop did not fail");
    }
}
