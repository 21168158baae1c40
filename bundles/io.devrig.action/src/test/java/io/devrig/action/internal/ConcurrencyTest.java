package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.testing.TestJson.j;
import static io.devrig.testing.TestJson.plainObject;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void manyThreadsCallWhileServicesComeAndGo() throws Exception {
        ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
        String in = j("{'type':'object','required':['i'],'properties':{'i':{'type':'integer'},'t':{'type':'string'}}}");
        registry.addExecutor(new TestExecutor(ActionDescriptor.of("x.echo", null, null, in, null),
                (input, c) -> Map.of("echo", input)), null, null, 0, 1, "core");
        int threads = 16;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean churn = new AtomicBoolean(true);
        Thread churner = new Thread(() -> {
            long id = 1_000;
            while (churn.get()) {
                registry.addExecutor(TestExecutor.of("x.churn", (i, c) -> 1), null, null, 0, id, "core");
                registry.removeExecutor(id++);
            }
        });
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < perThread; k++) {
                        int i = thread * perThread + k;
                        TestActionContext ctx = new TestActionContext();
                        ctx.nodeId("n" + i);
                        ActionOutcome o = registry.execute(new ActionInvocation("x.echo",
                                plainObject("{'i':'{{v}}','t':'v{{v}}-" + (k % 50) + "'}"), Map.of("v", i), ctx,
                                Duration.ofSeconds(30)));
                        Object expected = Map.of("echo", Map.of("i", i, "t", "v" + i + "-" + (k % 50)));
                        if (!o.succeeded() || !o.output().equals(expected)) {
                            wrong.add(i + ": " + o);
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            wrong.add(i + ": interrupt leaked");
                        }
                    }
                    return null;
                }));
            }
            churner.start();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            churn.set(false);
            churner.join();
            pool.shutdownNow();
            registry.close();
        }
        assertThat(wrong).isEmpty();
        assertThat(registry.metrics()).filteredOn(m -> m.type().equals("x.echo")).singleElement()
                .satisfies(m -> {
                    assertThat(m.calls()).isEqualTo((long) threads * perThread);
                    assertThat(m.failures()).isZero();
                });
        assertThat(registry.has("x.churn")).isFalse();
    }
}
