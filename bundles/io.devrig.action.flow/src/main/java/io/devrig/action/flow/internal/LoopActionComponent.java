package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionRegistry;
import io.devrig.common.osgi.ServiceOnDemand;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Publishes {@code flow.loop} and owns the worker pool its concurrent elements run on:
 * {@value #POOL_THREADS} threads shared by every loop (each loop also keeps to its own
 * {@code concurrency}), idle threads ending after a minute, further elements queued.
 * Deactivation (bundle stop or update) stops new elements; a loop in flight finishes its
 * running elements and fails with the retryable {@code FLOW_LOOP_STOPPED}.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + LoopAction.TYPE)
public final class LoopActionComponent implements ActionExecutor {

    static final int POOL_THREADS = 32;

    private final ExecutorService pool;
    private final LoopAction loop;

    private final ServiceOnDemand<ActionRegistry> registry;

    /**
     * The registry is taken only when a loop first runs, not at activation: the registry
     * binds every executor, this one included, while it is created, and a registry needed
     * to create this component would make that a cycle (SCR: "getService() resulted in a
     * cycle").
     */
    @Activate
    public LoopActionComponent(@Reference(policyOption = ReferencePolicyOption.GREEDY)
            ComponentServiceObjects<ActionRegistry> registryObjects) {
        this.registry = new ServiceOnDemand<>(registryObjects);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Named());
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
        this.loop = new LoopAction(registry::get, pool);
    }

    @Deactivate
    void deactivate() {
        // No waiting here: a hot update must not block on long-running elements.
        pool.shutdown();
        registry.release();
    }

    @Override
    public ActionDescriptor descriptor() {
        return loop.descriptor();
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return loop.execute(input, context);
    }

    /** Daemon threads named after the action, so thread dumps say who owns them. */
    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "devrig-flow-loop-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
