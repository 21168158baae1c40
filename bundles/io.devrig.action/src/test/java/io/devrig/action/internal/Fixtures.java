package io.devrig.action.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionInvocation;
import io.devrig.template.internal.TemplateEngineComponent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What only this bundle's tests share: the real template engine, service ids, invocations.
 * The context, executors, invoker and JSON readers come from io.devrig.testing.
 */
final class Fixtures {

    static final TemplateEngineComponent TEMPLATES = new TemplateEngineComponent();
    static final AtomicInteger IDS = new AtomicInteger(100);

    private Fixtures() {
    }

    static ActionInvocation call(String type, Map<String, Object> config, Map<String, Object> data, ActionContext ctx,
            Duration timeout) {
        return new ActionInvocation(type, config, data, ctx, timeout);
    }

    static ActionInvocation call(String type, Map<String, Object> config, ActionContext ctx) {
        return new ActionInvocation(type, config, Map.of(), ctx, Duration.ofSeconds(10));
    }
}
