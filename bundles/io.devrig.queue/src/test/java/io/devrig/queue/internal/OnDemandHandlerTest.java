package io.devrig.queue.internal;

import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class OnDemandHandlerTest {

    @TempDir
    Path dir;

    /** What SCR hands the queue for a bound handler service; counts gets and ungets. */
    static final class Objects implements ComponentServiceObjects<JobHandler> {
        final JobHandler service;
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger ungets = new AtomicInteger();

        Objects(JobHandler service) {
            this.service = service;
        }

        @Override public JobHandler getService() {
            gets.incrementAndGet();
            return service;
        }

        @Override public void ungetService(JobHandler s) {
            ungets.incrementAndGet();
        }

        @Override public ServiceReference<JobHandler> getServiceReference() {
            return null;
        }
    }

    static QueueConfig config() {
        return (QueueConfig) Proxy.newProxyInstance(QueueConfig.class.getClassLoader(), new Class<?>[] {QueueConfig.class},
                (p, m, a) -> switch (m.getName()) {
                    case "pollIntervalMs" -> 20L;
                    case "annotationType" -> (Class<? extends Annotation>) QueueConfig.class;
                    default -> m.getDefaultValue();
                });
    }

    @Test
    void aHandlerServiceIsTakenWhenItsFirstJobRunsAndGivenBackWhenUnbound() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            QueueComponent component = new QueueComponent(db, config());
            try {
                List<String> handled = new CopyOnWriteArrayList<>();
                RetryPolicy own = RetryPolicy.DEFAULTS.withMaxAttempts(7);
                JobHandler handler = new JobHandler() {
                    @Override public void handle(Job job) {
                        handled.add(job.payload());
                    }

                    @Override public RetryPolicy retryPolicy() {
                        return own;
                    }
                };
                Objects objects = new Objects(handler);
                component.addHandler(objects, Map.of(JobHandler.TYPE_PROPERTY, "lazy"));
                // bound, but not taken: a handler that needs the queue makes no cycle with it
                assertThat(objects.gets).hasValue(0);
                assertThat(component.pool().types()).containsExactly("lazy");

                String a = component.enqueue(JobRequest.of("lazy", "1"));
                String b = component.enqueue(JobRequest.of("lazy", "2"));
                await("both jobs done", Duration.ofSeconds(20), () -> component.job(a).orElseThrow().status()
                        == JobStatus.COMPLETED && component.job(b).orElseThrow().status() == JobStatus.COMPLETED);
                assertThat(handled).containsExactlyInAnyOrder("1", "2");
                assertThat(objects.gets).hasValue(1);
                // its own retry policy applies from its first job on
                assertThat(component.retryPolicy("lazy").maxAttempts()).isEqualTo(7);

                component.removeHandler(objects);
                assertThat(objects.ungets).hasValue(1);
                assertThat(component.pool().types()).isEmpty();
            } finally {
                component.deactivate();
            }
        }
    }

    @Test
    void aHandlerNeverUsedIsNeverTakenNorGivenBack() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            QueueComponent component = new QueueComponent(db, config());
            try {
                Objects objects = new Objects(job -> { });
                component.addHandler(objects, Map.of(JobHandler.TYPE_PROPERTY, "idle"));
                component.removeHandler(objects);
                assertThat(objects.gets).hasValue(0);
                assertThat(objects.ungets).hasValue(0);
            } finally {
                component.deactivate();
            }
        }
    }
}
