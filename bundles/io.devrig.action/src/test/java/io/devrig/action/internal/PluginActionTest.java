package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.action.internal.Fixtures.call;
import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import io.devrig.testing.TestPluginInvoker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginActionTest {

    private final TestPluginInvoker invoker = new TestPluginInvoker();
    private final AtomicReference<io.devrig.api.plugin.PluginInvoker> current = new AtomicReference<>(invoker);
    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, current::get);
    private final TestActionContext ctx = new TestActionContext();

    @AfterEach
    void close() {
        registry.close();
        invoker.close();
    }

    private TestExecutor plugin(ActionDescriptor d, TestExecutor.Body body) {
        TestExecutor e = new TestExecutor(d, body);
        assertThat(registry.addExecutor(e, "acme.github", "action:" + d.type(), 0, Fixtures.IDS.incrementAndGet(),
                "acme.github")).isTrue();
        return e;
    }

    @Test
    void aPluginHookThatBlocksIsCutOffAndTheActionCompletes() {
        TestExecutor core = new TestExecutor(ActionDescriptor.of("core.add", null, null, null, null), (i, c) -> Map.of("ok", true));
        registry.addExecutor(core, null, null, 0, Fixtures.IDS.incrementAndGet(), "io.devrig.action.data");
        List<String> coreThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.addHook(new io.devrig.api.action.ActionHook() {
            @Override
            public void before(ActionDescriptor action, Object input, ActionContext context) {
                coreThreads.add(Thread.currentThread().getName());
            }
        }, 0, Fixtures.IDS.incrementAndGet());
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        registry.addPluginHook(new io.devrig.api.action.ActionHook() {
            @Override
            public void before(ActionDescriptor action, Object input, ActionContext context) {
                try {
                    never.await(); // blocks until interrupted by the time limit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "acme.audit", "hook:acme.audit", 5, Fixtures.IDS.incrementAndGet(), Duration.ofMillis(100));

        ActionOutcome o = registry.execute(call("core.add", Map.of(), ctx));
        assertThat(o.succeeded()).as("a blocking plugin hook does not stall or fail the action").isTrue();
        assertThat(invoker.called()).contains("acme.audit hook:acme.audit before core.add",
                "acme.audit hook:acme.audit after core.add");
        assertThat(invoker.stats("acme.audit").lastError()).startsWith("PLUGIN_TIMEOUT");
        assertThat(coreThreads).as("core hooks are called directly, on the caller's thread")
                .containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aPluginHooksOwnVetoStands() {
        TestExecutor core = new TestExecutor(ActionDescriptor.of("core.veto", null, null, null, null), (i, c) -> Map.of());
        registry.addExecutor(core, null, null, 0, Fixtures.IDS.incrementAndGet(), "io.devrig.action.data");
        registry.addPluginHook(new io.devrig.api.action.ActionHook() {
            @Override
            public void before(ActionDescriptor action, Object input, ActionContext context) {
                throw new DevRigException(ErrorCodes.RATE_LIMITED, ErrorCategory.TRANSIENT, "slow down");
            }
        }, "acme.limit", "hook:acme.limit", 0, Fixtures.IDS.incrementAndGet(), Duration.ofSeconds(5));
        ActionOutcome o = registry.execute(call("core.veto", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(core.executions()).hasValue(0);
        assertThat(invoker.called()).contains("acme.limit hook:acme.limit before core.veto");
    }

    @Test
    void pluginActionRunsThroughTheInvoker() {
        TestExecutor e = plugin(ActionDescriptor.of("github.merge", null, null, null, null), (i, c) -> Map.of("merged", i));
        ActionOutcome o = registry.execute(call("github.merge", plainObject("{'pr':'{{pr}}'}"), Map.of("pr", 7), ctx,
                Duration.ofSeconds(5)));
        assertThat(o.succeeded()).isTrue();
        assertThat(o.output()).isEqualTo(Map.of("merged", Map.of("pr", 7)));
        assertThat(invoker.called()).containsExactly("acme.github action:github.merge");
        assertThat(e.threads()).containsExactly("test-plugin-thread");
        assertThat(registry.pluginId("github.merge")).contains("acme.github");
    }

    @Test
    void pluginTimeoutBecomesActionTimeout() {
        plugin(ActionDescriptor.of("github.hang", null, null, null, null), (i, c) -> {
            Thread.sleep(60_000);
            return null;
        });
        ActionOutcome o = registry.execute(call("github.hang", Map.of(), Map.of(), ctx, Duration.ofMillis(100)));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_TIMEOUT);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(o.error().details()).containsEntry("cause", ErrorCodes.PLUGIN_TIMEOUT);
        assertThat(o.error().runId()).isEqualTo("run-1");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void pluginErrorsKeepTheirError() {
        plugin(ActionDescriptor.of("github.fail", null, null, null, null), (i, c) -> {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no such PR");
        });
        plugin(ActionDescriptor.of("github.npe", null, null, null, null), (i, c) -> {
            throw new NullPointerException("x");
        });
        assertThat(registry.execute(call("github.fail", Map.of(), ctx)).error().code()).isEqualTo(ErrorCodes.NOT_FOUND);
        ActionOutcome npe = registry.execute(call("github.npe", Map.of(), ctx));
        assertThat(npe.error().code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(npe.error().category()).isEqualTo(ErrorCategory.PLUGIN);
    }

    @Test
    void pluginPreviewAlsoRunsThroughTheInvoker() {
        TestExecutor e = plugin(ActionDescriptor.of("github.comment", null, null, null, null).withSideEffects(true),
                (i, c) -> "posted");
        ctx.dryRun(true);
        ActionOutcome o = registry.execute(call("github.comment", plainObject("{'body':'hi'}"), ctx));
        assertThat(o.previewed()).isTrue();
        assertThat(e.executions()).hasValue(0);
        assertThat(e.previews()).hasValue(1);
        assertThat(invoker.called()).containsExactly("acme.github action:github.comment");
    }

    @Test
    void withoutThePluginHostAPluginActionIsNotCalled() {
        TestExecutor e = plugin(ActionDescriptor.of("github.merge", null, null, null, null), (i, c) -> 1);
        current.set(null);
        ActionOutcome o = registry.execute(call("github.merge", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(o.error().retryable()).isTrue();
        assertThat(e.executions()).hasValue(0);
    }

    @Test
    void pluginWithoutTheMatchingCapabilityIsRefused() {
        TestExecutor e = TestExecutor.of("github.sneaky", (i, c) -> 1);
        assertThat(registry.addExecutor(e, "acme.github", null, 0, 901, "acme.github")).isFalse();
        assertThat(registry.addExecutor(e, "acme.github", "action:github.other", 0, 902, "acme.github")).isFalse();
        assertThat(registry.has("github.sneaky")).isFalse();
        assertThat(registry.addExecutor(e, "acme.github", new String[] {"dataSource:x", "action:github.sneaky"}, 0,
                903, "acme.github")).isTrue();
        assertThat(registry.has("github.sneaky")).isTrue();
        // built-ins need no capability property
        assertThat(registry.addExecutor(TestExecutor.of("core.thing", (i, c) -> 1), null, null, 0, 904, "core"))
                .isTrue();
        assertThat(registry.pluginId("core.thing")).isEmpty();
    }

    @Test
    void migrationGoesThroughTheInvokerOnlyWhenOlder() {
        ActionDescriptor v3 = ActionDescriptor.of("github.label", null, null, null, null).withConfigVersion(3);
        TestExecutor e = new TestExecutor(v3, (i, c) -> null) {
            @Override
            public Map<String, Object> migrate(int fromVersion, Map<String, Object> config) {
                Map<String, Object> out = new HashMap<>(config);
                out.put("migratedFrom", fromVersion);
                out.put("thread", Thread.currentThread().getName());
                return out;
            }
        };
        registry.addExecutor(e, "acme.github", List.of("action:github.label"), 0, 950, "acme.github");
        Map<String, Object> config = Map.of("label", "bug");
        assertThat(registry.migrateConfig("github.label", 1, config)).containsEntry("migratedFrom", 1)
                .containsEntry("label", "bug").containsEntry("thread", "test-plugin-thread");
        assertThat(invoker.called()).containsExactly("acme.github action:github.label:migrate");
        assertThat(registry.migrateConfig("github.label", 3, config)).isSameAs(config);
        assertThat(registry.migrateConfig("nope.none", 1, config)).isSameAs(config);
    }

    @Test
    void builtInMigrationFailureIsAClearError() {
        ActionDescriptor v2 = ActionDescriptor.of("core.mig", null, null, null, null).withConfigVersion(2);
        registry.addExecutor(new TestExecutor(v2, (i, c) -> null) {
            @Override
            public Map<String, Object> migrate(int fromVersion, Map<String, Object> config) {
                throw new IllegalArgumentException("unknown field");
            }
        }, null, null, 0, 960, "core");
        assertThatThrownBy(() -> registry.migrateConfig("core.mig", 1, Map.of()))
                .isInstanceOfSatisfying(DevRigException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ActionErrors.ACTION_FAILED);
                    assertThat(ex.error().message()).contains("from version 1").contains("IllegalArgumentException: unknown field");
                });
    }

    @Test
    void cancellingTheCallerEndsAPluginCall() throws Exception {
        plugin(ActionDescriptor.of("github.wait", null, null, null, null), (i, c) -> {
            Thread.sleep(60_000);
            return null;
        });
        AtomicReference<ActionOutcome> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> outcome.set(registry.execute(call("github.wait", Map.of(), Map.of(), ctx,
                Duration.ofSeconds(30)))));
        worker.start();
        Thread.sleep(100);
        ctx.cancel();
        worker.interrupt();
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(outcome.get().error().code()).isEqualTo(ActionErrors.ACTION_CANCELLED);
    }

    @Test
    void contextIsHandedToThePlugin() {
        AtomicReference<ActionContext> seen = new AtomicReference<>();
        plugin(ActionDescriptor.of("github.ctx", null, null, null, null), (i, c) -> {
            seen.set(c);
            return null;
        });
        registry.execute(call("github.ctx", Map.of(), ctx));
        assertThat(seen.get()).isSameAs(ctx);
    }
}
