package io.devrig.action.flow.internal;

import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionRegistry;
import io.devrig.template.internal.TemplateEngineComponent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real action registry of io.devrig.action (its whole pipeline: config resolution with
 * the real template engine and data paths, dry-run previews, time limits, failures as
 * outcomes), with executors added as built-ins instead of through the whiteboard, and no
 * plugin host. {@link #service} is what the loop is given; it records every invocation it
 * is asked to execute.
 */
final class TestRegistry {

    private final AtomicLong serviceIds = new AtomicLong();
    private final ActionRegistryImpl real = new ActionRegistryImpl(new TemplateEngineComponent(), () -> null);

    final List<ActionInvocation> invocations = new CopyOnWriteArrayList<>();
    final ActionRegistry service = (ActionRegistry) Proxy.newProxyInstance(ActionRegistry.class.getClassLoader(),
            new Class<?>[] {ActionRegistry.class}, this::call);

    TestRegistry add(ActionExecutor executor) {
        real.addExecutor(executor, null, null, 0, serviceIds.incrementAndGet(), "test");
        return this;
    }

    private Object call(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("execute")) {
            invocations.add((ActionInvocation) args[0]);
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
