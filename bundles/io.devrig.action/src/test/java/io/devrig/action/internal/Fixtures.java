package io.devrig.action.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.template.internal.TemplateEngineComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Real collaborators for the tests: the template engine, a context, executors, an invoker. */
final class Fixtures {

    static final TemplateEngineComponent TEMPLATES = new TemplateEngineComponent();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final AtomicInteger IDS = new AtomicInteger(100);

    private Fixtures() {
    }

    /** JSON with single quotes for double quotes, as Java maps. */
    static Map<String, Object> json(String singleQuoted) {
        try {
            return MAPPER.readValue(singleQuoted.replace('\'', '"'), new TypeReference<Map<String, Object>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String schema(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static ActionInvocation call(String type, Map<String, Object> config, Map<String, Object> data, TestContext ctx,
            Duration timeout) {
        return new ActionInvocation(type, config, data, ctx, timeout);
    }

    static ActionInvocation call(String type, Map<String, Object> config, TestContext ctx) {
        return new ActionInvocation(type, config, Map.of(), ctx, Duration.ofSeconds(10));
    }

    /** What an action does, as a lambda. */
    @FunctionalInterface
    interface Body {
        Object run(Object input, ActionContext ctx) throws Exception;
    }

    /** An executor that counts its calls. */
    static class TestExecutor implements ActionExecutor {
        final ActionDescriptor descriptor;
        final Body body;
        final AtomicInteger executions = new AtomicInteger();
        final AtomicInteger previews = new AtomicInteger();
        final List<String> threads = new CopyOnWriteArrayList<>();

        TestExecutor(ActionDescriptor descriptor, Body body) {
            this.descriptor = descriptor;
            this.body = body;
        }

        static TestExecutor of(String type, Body body) {
            return new TestExecutor(ActionDescriptor.of(type, null, null, null, null), body);
        }

        @Override
        public ActionDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public Object execute(Object input, ActionContext context) throws Exception {
            executions.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return body.run(input, context);
        }

        @Override
        public Object preview(Object input, ActionContext context) {
            previews.incrementAndGet();
            return ActionExecutor.super.preview(input, context);
        }
    }

    /** A context whose fields tests set. */
    static final class TestContext implements ActionContext {
        String runId = "run-1";
        String nodeId = "node-1";
        boolean dryRun;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final List<String> logs = new CopyOnWriteArrayList<>();

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public String workflowId() {
            return "wf-1";
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public String correlationId() {
            return "corr-1";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public String idempotencyKey() {
            return runId + ":" + nodeId;
        }

        @Override
        public boolean dryRun() {
            return dryRun;
        }

        @Override
        public Instant deadline() {
            return Instant.now().plusSeconds(60);
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void log(LogLevel level, String message) {
            logs.add(level + " " + message);
        }
    }

    /**
     * A small real plugin invoker: the call runs on another thread, waited for with a
     * timeout, as io.devrig.plugin's invoker does (without its pools and breakers).
     */
    static final class ThreadInvoker implements PluginInvoker, AutoCloseable {
        final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-plugin-thread");
            t.setDaemon(true);
            return t;
        });
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public <T> T invoke(String pluginId, String operation, PluginCall<T> call) {
            return invoke(pluginId, operation, Duration.ofSeconds(30), call);
        }

        @Override
        public <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call) {
            calls.add(pluginId + " " + operation);
            Future<T> future = pool.submit(call::call);
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new DevRigException(ErrorCodes.PLUGIN_TIMEOUT, ErrorCategory.TIMEOUT,
                        "plugin " + pluginId + " did not finish " + operation + " within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof DevRigException own) {
                    throw own;
                }
                throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                        "plugin " + pluginId + " failed in " + operation, e.getCause());
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "cancelled");
            }
        }

        @Override
        public PluginCallStats stats(String pluginId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelCalls(String pluginId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
