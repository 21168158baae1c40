package io.devrig.sync.internal;

import io.devrig.api.queue.Job;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.queue.internal.SqliteJobQueue;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine on real parts: a SQLite file with the shipped migrations and the durable queue.
 * Tests drive the queue by hand ({@link #runDue}), so time is the test's {@link DevRigClock}.
 */
final class SyncHarness implements AutoCloseable {

    final Path dir;
    final DevRigClock clock;
    final SqliteDatabase db;
    final SqliteJobQueue queue;
    final ScriptedSources sources;
    final SyncEngine engine;

    SyncHarness(Path dir, DevRigClock clock, ScriptedSources sources, int concurrency) {
        this.dir = dir;
        this.clock = clock;
        this.sources = sources;
        this.db = TestDatabases.open(dir, clock);
        this.queue = new SqliteJobQueue(db, clock, RetryPolicy.DEFAULTS.withJitter(false).withDelays(10, 10));
        this.engine = new SyncEngine(new SyncStore(db, clock), queue, sources, new ConcurrencyGate(concurrency), clock,
                Duration.ofMillis(50));
    }

    /**
     * A plugin as the plugin host reports it (active, with these data sources of its descriptor:
     * a JSON array of {@code {"id": ..., "defaultSyncIntervalMs": ...}}).
     */
    static void plugin(ScriptedSources sources, String name, String descriptorDataSources) {
        sources.pluginStates.put(name, "active");
        for (com.fasterxml.jackson.databind.JsonNode ds : io.devrig.common.json.Json.readTree(descriptorDataSources)) {
            if (ds.hasNonNull("defaultSyncIntervalMs")) {
                sources.defaultIntervals.put(name + "/" + ds.get("id").asText(), ds.get("defaultSyncIntervalMs").asLong());
            }
        }
    }

    /** Claims every due sync job and runs it on this thread, completing it; the jobs run. */
    List<Job> runDue() {
        List<Job> ran = new ArrayList<>();
        Optional<Job> job;
        while ((job = queue.claim("test-worker", Set.of(SyncEngine.JOB_TYPE), Duration.ofMinutes(5))).isPresent()) {
            engine.handle(job.get());
            queue.complete(job.get().id(), "test-worker");
            ran.add(job.get());
        }
        return ran;
    }

    /** One scheduler tick, then every job it queued. */
    List<Job> tickAndRun() {
        engine.tick();
        return runDue();
    }

    SyncStore.Row row(String pluginId, String dataSourceId) {
        return new SyncStore(db, clock).row(pluginId, dataSourceId).orElseThrow();
    }

    @Override
    public void close() {
        db.close();
    }
}
