package io.devrig.queue.internal;

import io.devrig.store.testing.TestDatabases;
import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.ErrorCategory;
import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS classes without a framework: settings, handler whiteboard, health check. */
class QueueComponentTest {

    @TempDir
    Path dir;

    /** The configuration with the metatype defaults, some values replaced. */
    static QueueConfig config(Map<String, Object> overrides) {
        return new QueueConfig() {
            @Override public Class<? extends Annotation> annotationType() { return QueueConfig.class; }
            @Override public int minWorkers() { return (int) overrides.getOrDefault("minWorkers", 1); }
            @Override public int maxWorkers() { return (int) overrides.getOrDefault("maxWorkers", 4); }
            @Override public long idleTimeoutMs() { return 60_000; }
            @Override public long taskTimeoutMs() { return 300_000; }
            @Override public long pollIntervalMs() { return (long) overrides.getOrDefault("pollIntervalMs", 500L); }
            @Override public int claimBatch() { return (int) overrides.getOrDefault("claimBatch", PoolSettings.DEFAULT_CLAIM_BATCH); }
            @Override public long leaseMs() { return 60_000; }
            @Override public long rescueIntervalMs() { return 30_000; }
            @Override public String ownerId() { return (String) overrides.getOrDefault("ownerId", ""); }
            @Override public String dataDir() { return (String) overrides.getOrDefault("dataDir", ""); }
            @Override public int cleanupAfterDays() { return (int) overrides.getOrDefault("cleanupAfterDays", 7); }
            @Override public long shutdownGraceMs() { return 5_000; }
            @Override public int maxAttempts() { return 3; }
            @Override public int poisonAfterCrashes() { return (int) overrides.getOrDefault("poisonAfterCrashes", 3); }
            @Override public String retryStrategy() { return (String) overrides.getOrDefault("retryStrategy", "exponential"); }
            @Override public long retryBaseDelayMs() { return 1_000; }
            @Override public long retryMaxDelayMs() { return 60_000; }
            @Override public boolean retryJitter() { return true; }
            @Override public String[] retryOn() {
                return (String[]) overrides.getOrDefault("retryOn", new String[] {"transient", "resource", "timeout"});
            }
        };
    }

    @Test
    void theDefaultsAreThoseOfTheIssue() {
        QueueSettings s = QueueSettings.from(config(Map.of()));
        assertThat(s.pool().minWorkers()).isEqualTo(1);
        assertThat(s.pool().maxWorkers()).isEqualTo(4);
        assertThat(s.pool().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.pool().taskTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.pool().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.pool().lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.rescueInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.cleanupAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(s.retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS);
        assertThat(s.poisonAfterCrashes()).isEqualTo(3);
    }

    @Test
    void aHandlersOwnPoisonThresholdAppliesToItsTypesWhileItIsBound() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            QueueComponent component = new QueueComponent(db, config(Map.of("poisonAfterCrashes", 3)));
            try {
                JobHandler flows = job -> { };
                JobHandler bad = job -> { };
                component.bind(flows, flows, Map.of(JobHandler.TYPE_PROPERTY, new String[] {"flow.run", "flow.x"},
                        JobHandler.POISON_PROPERTY, 10));
                component.bind(bad, bad, Map.of(JobHandler.TYPE_PROPERTY, "mail", JobHandler.POISON_PROPERTY, "many"));
                assertThat(component.queue().poisonAfterCrashes("flow.run")).isEqualTo(10);
                assertThat(component.queue().poisonAfterCrashes("flow.x")).isEqualTo(10);
                assertThat(component.queue().poisonAfterCrashes("mail")).as("invalid: the queue's").isEqualTo(3);
                assertThat(component.queue().poisonAfterCrashes("sync")).isEqualTo(3);
                component.unbind(flows);
                assertThat(component.queue().poisonAfterCrashes("flow.run")).as("gone with its handler").isEqualTo(3);
            } finally {
                component.deactivate();
            }
        }
        assertThat(QueueComponent.poisonThreshold(null, "4")).isEqualTo(4);
        assertThat(QueueComponent.poisonThreshold(null, 0L)).isZero();
        assertThat(QueueComponent.poisonThreshold(null, -1)).isNull();
        assertThat(QueueComponent.poisonThreshold(null, null)).isNull();
    }

    @Test
    void thePoisonThresholdDefaultsToThreeInTheMetatypeAndZeroTurnsItOff() throws Exception {
        // the annotation's own default is what Config Admin and the web console show
        assertThat(QueueConfig.class.getMethod("poisonAfterCrashes").getDefaultValue()).isEqualTo(3);
        assertThat(QueueSettings.from(config(Map.of("poisonAfterCrashes", 0))).poisonAfterCrashes()).isZero();
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("poisonAfterCrashes", -1))))
                .hasMessageContaining("poisonAfterCrashes");
    }

    @Test
    void retryCategoriesMayComeAsOneCommaSeparatedString() {
        QueueSettings s = QueueSettings.from(config(Map.of("retryOn", new String[] {"transient, PLUGIN ,timeout"},
                "retryStrategy", "Linear")));
        assertThat(s.retryPolicy().retryOn())
                .isEqualTo(EnumSet.of(ErrorCategory.TRANSIENT, ErrorCategory.PLUGIN, ErrorCategory.TIMEOUT));
        assertThat(s.retryPolicy().strategy()).isEqualTo(RetryPolicy.Strategy.LINEAR);
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("minWorkers", 0)))).hasMessageContaining("minWorkers");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("minWorkers", 5, "maxWorkers", 2))))
                .hasMessageContaining("maxWorkers (2) must be at least minWorkers (5)");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("pollIntervalMs", 0L)))).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("retryOn", new String[] {"transient,permanent"}))))
                .hasMessageContaining("permanent errors are never retried");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("retryOn", new String[] {"flaky"}))))
                .hasMessageContaining("unknown error category 'flaky'");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("retryStrategy", "random"))))
                .hasMessageContaining("unknown retry strategy 'random'");
        assertThatThrownBy(() -> QueueSettings.from(config(Map.of("cleanupAfterDays", -1)))).hasMessageContaining("cleanupAfterDays");
        assertThat(QueueSettings.from(config(Map.of("cleanupAfterDays", 0))).cleanupAfter()).isZero();
    }

    @Test
    void jobTypesAreReadFromAStringAnArrayOrACollection() {
        assertThat(QueueComponent.types("sync")).containsExactly("sync");
        assertThat(QueueComponent.types(new String[] {"a", " b ", "", "a"})).containsExactly("a", "b");
        assertThat(QueueComponent.types(List.of("x", "y"))).containsExactly("x", "y");
        assertThat(QueueComponent.types(null)).isEmpty();
        assertThat(QueueComponent.types(42)).isEmpty();
    }

    @Test
    void handlerServicesComeAndGoByTheirTypeProperty() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            QueueComponent component = new QueueComponent(db, config(Map.of("pollIntervalMs", 20L)));
            try {
                List<String> handled = new CopyOnWriteArrayList<>();
                JobHandler handler = job -> handled.add(job.type() + ":" + job.payload());
                component.bind(handler, handler, Map.of(JobHandler.TYPE_PROPERTY, new String[] {"sync", "report"}));
                String a = component.enqueue(JobRequest.of("sync", "1"));
                String b = component.enqueue(JobRequest.of("report", "2"));
                await("both jobs completed", Duration.ofSeconds(20), () -> component.job(a).orElseThrow().status()
                        == JobStatus.COMPLETED && component.job(b).orElseThrow().status() == JobStatus.COMPLETED);
                assertThat(handled).containsExactlyInAnyOrder("sync:1", "report:2");

                component.rebind(handler, Map.of(JobHandler.TYPE_PROPERTY, "report"));
                assertThat(component.pool().types()).containsExactly("report");
                component.unbind(handler);
                assertThat(component.pool().types()).isEmpty();
                String c = component.enqueue(JobRequest.of("report", "3"));
                assertThat(component.job(c).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

                JobHandler untyped = job -> { };
                component.bind(untyped, untyped, Map.of()); // no type: ignored (with a warning)
                assertThat(component.pool().types()).isEmpty();
            } finally {
                component.deactivate();
            }
            assertThat(component.pool().threadCount()).isZero();
        }
    }

    @Test
    void aRestartedServerTakesUpItsPreviousProcesssJobsWhenTheirHandlerAppearsNotAfterTheLease() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            // what a killed process leaves: jobs processing under a long lease, one claimed by another server
            SqliteJobQueue before = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            String mine = before.enqueue(JobRequest.of("flow.run", "{\"n\":1}").withMaxAttempts(1));
            String theirs = before.enqueue(JobRequest.of("flow.run", "{\"n\":2}"));
            before.claim(SqliteJobQueue.workerId("worker-1", "server-a", "1-1"), Set.of("flow.run"), Duration.ofHours(1));
            before.claim(SqliteJobQueue.workerId("worker-1", "server-b", "1-1"), Set.of("flow.run"), Duration.ofHours(1));

            QueueComponent component = new QueueComponent(db, config(Map.of("pollIntervalMs", 20L, "ownerId", "server-a")));
            try {
                List<String> handled = new CopyOnWriteArrayList<>();
                JobHandler handler = job -> handled.add(job.payload() + " attempt " + job.attempts());
                component.bind(handler, handler, Map.of(JobHandler.TYPE_PROPERTY, "flow.run",
                        JobHandler.ATTEMPTS_PROPERTY, JobHandler.ATTEMPTS_BY_HANDLER));
                await("the abandoned job completed", Duration.ofSeconds(20),
                        () -> component.job(mine).orElseThrow().status() == JobStatus.COMPLETED);
                // its only attempt was used by the lost claim, which did not count
                assertThat(handled).containsExactly("{\"n\":1} attempt 2");
                assertThat(component.job(theirs).orElseThrow().status()).as("another server's claim keeps its lease")
                        .isEqualTo(JobStatus.PROCESSING);
            } finally {
                component.deactivate();
            }
        }
    }

    @Test
    void theHealthCheckIsUpWithCountsAndDownWithoutADatabaseOrQueue() {
        QueueHealthCheck check = new QueueHealthCheck();
        assertThat(check.name()).isEqualTo("queue");
        HealthResult noDb = check.check();
        assertThat(noDb.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(noDb.message()).contains("database service is not available");

        SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system());
        QueueComponent component = new QueueComponent(db, config(Map.of()));
        try {
            check.database = db;
            assertThat(check.check().message()).contains("job queue is not active");
            check.queue = component;
            component.enqueue(JobRequest.of("nobody-handles-this", "{}"));
            HealthResult up = check.check();
            assertThat(up.status()).isEqualTo(HealthStatus.UP);
            assertThat(up.message()).isEqualTo("1 pending (0 scheduled), 0 processing, 0 dead");
            assertThat(up.details()).containsEntry("pending", 1L).containsEntry("dead", 0L)
                    .containsEntry("workers", 1).containsKey("oldestPendingAgeMs");
        } finally {
            component.deactivate();
            db.close();
        }
        HealthResult closed = check.check();
        assertThat(closed.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(closed.message()).contains("cannot read the job queue", "closed");
    }
}
