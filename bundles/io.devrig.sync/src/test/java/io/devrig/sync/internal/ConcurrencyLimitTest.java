package io.devrig.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.sync.SyncResult;
import io.devrig.api.sync.SyncState;
import io.devrig.api.time.DevRigClock;
import io.devrig.queue.internal.PoolSettings;
import io.devrig.queue.internal.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At most N cycles at once, with the queue's real worker pool running more workers than N. */
class ConcurrencyLimitTest {

    static final String PLUGIN = "io.acme.plugin";

    @TempDir
    Path dir;

    @Test
    void noMoreThanTheLimitRunAtOnceAndThePutOffOnesRunLater() throws Exception {
        int sourcesCount = 6;
        ScriptedSources sources = new ScriptedSources();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch threeIn = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        ScriptedSources.Page blocking = (req, s) -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            threeIn.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
            return new SyncResult("done", false, 1);
        };
        StringBuilder manifest = new StringBuilder("[");
        for (int i = 0; i < sourcesCount; i++) {
            sources.script(PLUGIN, "src" + i, blocking);
            manifest.append(i == 0 ? "" : ",").append("{\"id\":\"src").append(i).append("\"}");
        }
        try (SyncHarness h = new SyncHarness(dir, DevRigClock.system(), sources, 3);
                WorkerPool pool = new WorkerPool(h.queue, PoolSettings.DEFAULTS.withWorkers(sourcesCount, sourcesCount)
                        .withPollInterval(Duration.ofMillis(20)))) {
            SyncHarness.plugin(h.sources, PLUGIN, manifest.append("]").toString());
            pool.register(SyncEngine.JOB_TYPE, h.engine::handle);
            pool.start();
            for (int i = 0; i < sourcesCount; i++) {
                h.engine.sourceAppeared(PLUGIN, "src" + i);
            }
            assertThat(h.engine.tick()).isEqualTo(sourcesCount);

            assertThat(threeIn.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // the other workers claim their jobs meanwhile, find no slot and put them off
            assertThat(running.get()).isEqualTo(3);
            assertThat(h.engine.status()).extracting(s -> s.state()).containsOnly(SyncState.SYNCING);

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (done.get() < sourcesCount && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(done.get()).isEqualTo(sourcesCount);
            while (h.engine.status().stream().anyMatch(s -> s.state() != SyncState.IDLE) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(maxRunning.get()).isEqualTo(3);
            assertThat(h.engine.status()).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(SyncState.IDLE);
                assertThat(s.itemsSynced()).isEqualTo(1);
                assertThat(s.lastSyncAt()).isNotNull();
            });
            assertThat(sources.calls).hasSize(sourcesCount);
        }
    }
}
