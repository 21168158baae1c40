package io.devrig.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.queue.Job;
import io.devrig.api.sync.QuietHours;
import io.devrig.api.sync.SyncResult;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncState;
import io.devrig.api.sync.SyncStatus;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.testing.TestDatabases;
import io.devrig.store.testing.TestDatabases.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync engine on a real SQLite file and the real durable queue, time moved by hand. */
class SyncEngineTest {

    static final String PLUGIN = "io.acme.plugin";
    static final String FEED = "acme.feed";      // descriptor default interval 60 s
    static final String OTHER = "acme.other";    // no default: 5 min

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    ScriptedSources sources = new ScriptedSources();
    SyncHarness h;

    @BeforeEach
    void open() {
        h = new SyncHarness(dir, clock, sources, 3);
        SyncHarness.plugin(h.sources, PLUGIN, "[{\"id\":\"" + FEED + "\",\"defaultSyncIntervalMs\":60000},{\"id\":\"" + OTHER
                + "\"}]");
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** A source with pages: page n of a cycle stores item "i<n>" and returns cursor "c<n>"; hasMore until {@code pages}. */
    static ScriptedSources.Page pages(int pages) {
        return (req, s) -> {
            int n = req.cursor() == null ? 1 : Integer.parseInt(req.cursor().substring(1)) + 1;
            s.store("i" + n, "item " + n);
            return new SyncResult("c" + n, n % pages != 0, 1);
        };
    }

    static ScriptedSources.Page failing(DevRigException e) {
        return (req, s) -> {
            throw e;
        };
    }

    @Test
    void aSourceSeenForTheFirstTimeSyncsAtOnceThenOnItsInterval() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);

        assertThat(h.tickAndRun()).hasSize(1);
        SyncStatus s = h.engine.status(PLUGIN, FEED).orElseThrow();
        assertThat(s.state()).isEqualTo(SyncState.IDLE);
        assertThat(s.lastSyncAt()).isEqualTo(DevRigClock.format(TestDatabases.START));
        assertThat(s.intervalMs()).as("the descriptor's default").isEqualTo(60_000);
        assertThat(s.nextSyncAt()).isEqualTo(DevRigClock.format(TestDatabases.START.plusSeconds(60)));
        assertThat(s.itemsSynced()).isEqualTo(1);
        assertThat(s.available()).isTrue();

        clock.advance(Duration.ofSeconds(59));
        assertThat(h.tickAndRun()).as("not due yet").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(h.tickAndRun()).hasSize(1);
        assertThat(sources.calls(FEED)).extracting(ScriptedSources.Call::cursor).containsExactly(null, "c1");
    }

    @Test
    void theCursorSurvivesARestart() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        h.close();

        // a new process: a new database handle, queue and engine on the same file
        sources = new ScriptedSources().script(PLUGIN, FEED, pages(1));
        h = new SyncHarness(dir, clock, sources, 3);
        h.engine.sourceAppeared(PLUGIN, FEED); // the service shows up again: the row is kept, not reset
        assertThat(h.tickAndRun()).as("not due again yet after the restart").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        h.tickAndRun();
        assertThat(sources.calls(FEED)).extracting(ScriptedSources.Call::cursor).containsExactly("c1");
        assertThat(h.row(PLUGIN, FEED).cursor()).isEqualTo("c2");
        assertThat(h.row(PLUGIN, FEED).itemsSynced()).isEqualTo(2);
    }

    @Test
    void hasMoreFetchesTheNextPagesInTheSameCycle() {
        sources.script(PLUGIN, FEED, pages(3));
        h.engine.sourceAppeared(PLUGIN, FEED);

        assertThat(h.tickAndRun()).as("one job, three pages").hasSize(1);
        assertThat(sources.calls(FEED)).extracting(ScriptedSources.Call::page, ScriptedSources.Call::cursor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, null), org.assertj.core.groups.Tuple.tuple(2, "c1"),
                        org.assertj.core.groups.Tuple.tuple(3, "c2"));
        assertThat(h.row(PLUGIN, FEED).cursor()).isEqualTo("c3");
        assertThat(h.row(PLUGIN, FEED).itemsSynced()).isEqualTo(3);
        assertThat(sources.stored).containsOnlyKeys("i1", "i2", "i3");
    }

    @Test
    void aNullCursorKeepsTheOldOneAndACycleStopsAtThePageCap() {
        sources.script(PLUGIN, FEED, (req, s) -> new SyncResult(req.page() == 1 ? "first" : null, true, 2));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();

        assertThat(sources.calls(FEED)).hasSize(SyncEngine.MAX_PAGES);
        assertThat(sources.calls(FEED).get(SyncEngine.MAX_PAGES - 1).cursor()).isEqualTo("first");
        SyncStore.Row row = h.row(PLUGIN, FEED);
        assertThat(row.cursor()).isEqualTo("first");
        assertThat(row.itemsSynced()).isEqualTo(2L * SyncEngine.MAX_PAGES);
        assertThat(row.nextSyncAt()).as("more to fetch: the next cycle after the minimum interval")
                .isEqualTo(DevRigClock.format(TestDatabases.START.plusMillis(SyncPolicy.MIN_INTERVAL_MS)));
    }

    @Test
    void repeatedFailuresBackOffFromOneMinuteDoublingToOneHour() {
        sources.script(PLUGIN, FEED, failing(new DevRigException("NET_DOWN", ErrorCategory.TRANSIENT, "connection refused")));
        h.engine.sourceAppeared(PLUGIN, FEED);

        List<Long> delaysMin = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant before = clock.now();
            assertThat(h.tickAndRun()).hasSize(1);
            SyncStatus s = h.engine.status(PLUGIN, FEED).orElseThrow();
            assertThat(s.state()).isEqualTo(SyncState.ERROR);
            assertThat(s.error()).isEqualTo("NET_DOWN (transient): connection refused");
            assertThat(s.consecutiveFailures()).isEqualTo(i + 1);
            Instant next = DevRigClock.parse(s.nextSyncAt());
            delaysMin.add(Duration.between(before, next).toMinutes());
            clock.advance(Duration.ofSeconds(1));
            assertThat(h.tickAndRun()).as("nothing before the backoff ends").isEmpty();
            clock.advance(Duration.between(clock.now(), next));
        }
        assertThat(delaysMin).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);

        // recovery clears failures and error, and the interval applies again
        sources.script(PLUGIN, FEED, pages(1));
        h.tickAndRun();
        SyncStatus ok = h.engine.status(PLUGIN, FEED).orElseThrow();
        assertThat(ok.state()).isEqualTo(SyncState.IDLE);
        assertThat(ok.error()).isNull();
        assertThat(ok.consecutiveFailures()).isZero();
        assertThat(DevRigClock.parse(ok.nextSyncAt())).isEqualTo(clock.now().plusSeconds(60));
    }

    @Test
    void aRetryAfterHintLongerThanTheBackoffIsHonoured() {
        DevRigError limited = DevRigError.of(ErrorCodes.RATE_LIMITED, ErrorCategory.TRANSIENT, "rate limit exceeded")
                .withDetails(Map.of("retryAfterMs", 7_200_000L));
        sources.script(PLUGIN, FEED, failing(new DevRigException(limited)));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        assertThat(DevRigClock.parse(h.engine.status(PLUGIN, FEED).orElseThrow().nextSyncAt()))
                .isEqualTo(TestDatabases.START.plus(Duration.ofHours(2)));
    }

    @Test
    void aFailureMessageIsBoundedAndAPluginExceptionNamesItsType() {
        sources.script(PLUGIN, FEED, (req, s) -> {
            throw new IllegalStateException("x".repeat(2000));
        });
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        String error = h.engine.status(PLUGIN, FEED).orElseThrow().error();
        assertThat(error).startsWith("IllegalStateException: xxx").hasSize(SyncEngine.MAX_ERROR_LENGTH);
    }

    @Test
    void noSyncStartsInQuietHoursButSyncNowDoes() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        // START is 08:00Z = 09:00 in Berlin; quiet 08:30-10:00 Berlin covers it
        h.engine.configure(PLUGIN, FEED, new SyncSettings(null, null, new QuietHours("08:30", "10:00", "Europe/Berlin"), null));
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().quietHours())
                .isEqualTo(new QuietHours("08:30", "10:00", "Europe/Berlin"));

        assertThat(h.tickAndRun()).as("in quiet hours").isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(h.tickAndRun()).as("09:59 Berlin: still quiet").isEmpty();

        h.engine.syncNow(PLUGIN, FEED);
        assertThat(h.runDue()).as("sync-now ignores quiet hours").hasSize(1);

        clock.advance(Duration.ofMinutes(2)); // 10:01 Berlin, and due again (60 s interval)
        assertThat(h.tickAndRun()).hasSize(1);

        // clearing: start == end
        h.engine.configure(PLUGIN, FEED, new SyncSettings(null, null, new QuietHours("00:00", "00:00", "UTC"), null));
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().quietHours()).isNull();
    }

    @Test
    void disableAndEnable() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        SyncStatus off = h.engine.configure(PLUGIN, FEED, new SyncSettings(null, false, null, null));
        assertThat(off.state()).isEqualTo(SyncState.DISABLED);
        assertThat(off.enabled()).isFalse();
        assertThat(off.nextSyncAt()).isNull();

        assertThat(h.tickAndRun()).isEmpty();
        assertThatThrownBy(() -> h.engine.syncNow(PLUGIN, FEED)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT)).hasMessageContaining("disabled");

        clock.advance(Duration.ofHours(3));
        SyncStatus on = h.engine.configure(PLUGIN, FEED, new SyncSettings(null, true, null, null));
        assertThat(on.state()).isEqualTo(SyncState.IDLE);
        assertThat(on.nextSyncAt()).isEqualTo(clock.timestamp());
        assertThat(h.tickAndRun()).hasSize(1);
    }

    @Test
    void disablingWhileQueuedOrBetweenPagesStopsTheCycleAndKeepsItsCursor() {
        sources.script(PLUGIN, FEED, (req, s) -> {
            if (req.page() == 2) { // the admin disables the source while page 2 is fetched
                h.engine.configure(PLUGIN, FEED, new SyncSettings(null, false, null, null));
            }
            return new SyncResult("c" + req.page(), true, 1);
        });
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        assertThat(sources.calls(FEED)).hasSize(2);
        SyncStore.Row row = h.row(PLUGIN, FEED);
        assertThat(row.cursor()).isEqualTo("c2");
        assertThat(row.jobId()).isNull();
        assertThat(row.consecutiveFailures()).isZero();

        // queued, then disabled before a worker takes it: the job does nothing
        h.engine.configure(PLUGIN, FEED, new SyncSettings(null, true, null, null));
        h.engine.tick();
        h.engine.configure(PLUGIN, FEED, new SyncSettings(null, false, null, null));
        assertThat(h.runDue()).hasSize(1);
        assertThat(sources.calls(FEED)).hasSize(2);
        assertThat(h.row(PLUGIN, FEED).jobId()).isNull();
    }

    @Test
    void aPluginStoppedMidSyncStopsCleanlyWithoutCountingAFailure() {
        sources.script(PLUGIN, FEED, (req, s) -> {
            if (req.page() == 2) {
                s.available.clear(); // the plugin is disabled: the host cancels the call
                throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.TRANSIENT, "plugin is being stopped");
            }
            return new SyncResult("c" + req.page(), true, 1);
        });
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        SyncStatus s = h.engine.status(PLUGIN, FEED).orElseThrow();
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.error()).isNull();
        assertThat(s.available()).isFalse();
        assertThat(s.state()).isEqualTo(SyncState.IDLE);
        assertThat(h.row(PLUGIN, FEED).cursor()).isEqualTo("c1");

        clock.advance(Duration.ofHours(1));
        assertThat(h.tickAndRun()).as("an unavailable source is not queued").isEmpty();
        assertThatThrownBy(() -> h.engine.syncNow(PLUGIN, FEED)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT)).hasMessageContaining("not active");

        sources.available.add(PLUGIN + "/" + FEED); // the plugin is back: it resumes from its cursor
        sources.script(PLUGIN, FEED, pages(2));
        h.tickAndRun();
        assertThat(sources.calls(FEED).get(sources.calls(FEED).size() - 1).cursor()).isEqualTo("c1");
    }

    @Test
    void aCrashBetweenFetchAndCursorSaveRefetchesThatPageFromTheSavedCursor() {
        // page 2 stores its items, then the process dies before the engine saves its cursor
        sources.script(PLUGIN, FEED, (req, s) -> {
            SyncResult r = pages(3).fetch(req, s);
            if (req.page() == 2) {
                throw new SimulatedCrash();
            }
            return r;
        });
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.engine.tick();
        Job job = h.queue.claim("w1", Set.of(SyncEngine.JOB_TYPE), Duration.ofMinutes(5)).orElseThrow();
        assertThatThrownBy(() -> h.engine.handle(job)).isInstanceOf(SimulatedCrash.class);
        h.close(); // the worker never completes the job

        ScriptedSources after = new ScriptedSources().script(PLUGIN, FEED, pages(3));
        after.stored.putAll(sources.stored); // what the inbox kept
        after.stores.putAll(sources.stores);
        sources = after;
        h = new SyncHarness(dir, clock, sources, 3);
        h.engine.sourceAppeared(PLUGIN, FEED);
        assertThat(h.tickAndRun()).as("the source is still held by the crashed job: no second job").isEmpty();

        clock.advance(Duration.ofMinutes(6)); // past the lease
        assertThat(h.queue.rescueExpired().requeued()).isEqualTo(1);
        assertThat(h.runDue()).extracting(Job::id).containsExactly(job.id());

        assertThat(sources.calls(FEED)).extracting(ScriptedSources.Call::cursor)
                .as("resumed from page 1's cursor: page 2 fetched again, nothing skipped").containsExactly("c1", "c2");
        assertThat(sources.stored).containsOnlyKeys("i1", "i2", "i3");
        assertThat(sources.stores).as("page 2 was stored twice, by external id: one item")
                .containsEntry("i1", 1).containsEntry("i2", 2).containsEntry("i3", 1);
        SyncStore.Row row = h.row(PLUGIN, FEED);
        assertThat(row.cursor()).isEqualTo("c3");
        assertThat(row.itemsSynced()).isEqualTo(3);
        assertThat(row.jobId()).isNull();
    }

    @Test
    void syncNowIgnoresBackoffQueuesOnceAndRefusesUnknownSources() {
        sources.script(PLUGIN, FEED, failing(new DevRigException("X", ErrorCategory.TRANSIENT, "down")));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        assertThat(h.tickAndRun()).as("backing off").isEmpty();

        h.engine.syncNow(PLUGIN, FEED);
        h.engine.syncNow(PLUGIN, FEED);
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().state()).isEqualTo(SyncState.SYNCING);
        assertThat(h.runDue()).as("two requests, one cycle").hasSize(1);
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().consecutiveFailures()).isEqualTo(2);

        assertThatThrownBy(() -> h.engine.syncNow(PLUGIN, "nope")).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND)).hasMessageContaining("nope");
        assertThatThrownBy(() -> h.engine.syncNow("io.unknown", FEED)).isInstanceOf(DevRigException.class);
    }

    @Test
    void intervalsFollowDefaultOverrideAndMinimum() {
        sources.script(PLUGIN, FEED, pages(1)).script(PLUGIN, OTHER, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.engine.sourceAppeared(PLUGIN, OTHER);
        assertThat(h.engine.status(PLUGIN, OTHER).orElseThrow().intervalMs()).as("no default: 5 min").isEqualTo(300_000);
        h.tickAndRun();

        SyncStatus s = h.engine.configure(PLUGIN, OTHER, new SyncSettings(600_000L, null, null, null));
        assertThat(s.intervalMs()).isEqualTo(600_000);
        assertThat(s.nextSyncAt()).as("rescheduled from the last sync")
                .isEqualTo(DevRigClock.format(TestDatabases.START.plusSeconds(600)));
        sources.settings.put(PLUGIN, Map.of("repo", "a/b")); // devrig:plugin-config, between two cycles

        assertThatThrownBy(() -> h.engine.configure(PLUGIN, OTHER, new SyncSettings(29_999L, null, null, null)))
                .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT))
                .hasMessageContaining("$.intervalMs");
        assertThatThrownBy(() -> h.engine.configure(PLUGIN, OTHER,
                new SyncSettings(null, null, new QuietHours("25:00", "07:00", "UTC"), null)))
                .hasMessageContaining("$.quietHours.start");
        assertThatThrownBy(() -> h.engine.configure(PLUGIN, OTHER,
                new SyncSettings(null, null, new QuietHours("22:00", "07:00", "Mars/Olympus"), null)))
                .hasMessageContaining("$.quietHours.zone");
        assertThat(h.engine.status(PLUGIN, OTHER).orElseThrow().intervalMs()).as("nothing saved").isEqualTo(600_000);

        clock.advance(Duration.ofSeconds(600));
        sources.scripts.put(PLUGIN + "/" + OTHER, (req, src) -> {
            assertThat(req.config()).isEqualTo(Map.of("repo", "a/b"));
            return new SyncResult(null, false, 0);
        });
        assertThat(h.tickAndRun()).hasSize(2); // FEED (60 s) and OTHER (600 s)
        assertThat(h.engine.status(PLUGIN, OTHER).orElseThrow().error()).isNull();
    }

    @Test
    void aConfigPerDataSourceIsRefusedWithAPointerToPluginConfigAndNothingIsSaved() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        assertThatThrownBy(() -> h.engine.configure(PLUGIN, FEED,
                new SyncSettings(120_000L, null, null, Map.of("roots", List.of("/a")))))
                .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT))
                .hasMessageContaining("$.config")
                .hasMessageContaining("devrig:plugin-config " + PLUGIN + " '<json>'")
                .hasMessageContaining("nothing was saved");
        assertThat(h.row(PLUGIN, FEED).intervalOverrideMs()).as("the whole change is refused").isNull();
        assertThat(h.row(PLUGIN, FEED).configJson()).isEqualTo("{}");
    }

    @Test
    void newPluginSettingsReachTheDataSourceAndMakeAFailingSourceDueAtOnce() {
        List<Map<String, Object>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sources.script(PLUGIN, FEED, (req, src) -> {
            seen.add(req.config());
            if (!req.config().containsKey("repositories")) {
                throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "$.repositories: required");
            }
            return new SyncResult(null, false, 1);
        });
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        h.tickAndRun();
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().state()).isEqualTo(SyncState.ERROR);
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().nextSyncAt())
                .isEqualTo(DevRigClock.format(TestDatabases.START.plusSeconds(60)));

        sources.settings.put(PLUGIN, Map.of("repositories", List.of("a/b"))); // saved by the plugin host
        h.engine.settingsChanged(PLUGIN); // its SETTINGS_CHANGED event
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().nextSyncAt()).isEqualTo(clock.timestamp());
        assertThat(h.tickAndRun()).hasSize(1);
        assertThat(h.engine.status(PLUGIN, FEED).orElseThrow().state()).isEqualTo(SyncState.IDLE);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(Map.of("repositories", List.of("a/b")));
    }

    @Test
    void aSourceOfAnUnknownPluginIsNotScheduled() {
        h.engine.sourceAppeared("io.not.a.plugin", "x");
        assertThat(h.engine.status()).isEmpty();
        assertThat(h.engine.status("io.not.a.plugin", "x")).isEqualTo(Optional.empty());
    }

    @Test
    void aPurgeDeletesThePluginsSyncStateAndItsQueuedCycleThenDoesNothing() {
        sources.script(PLUGIN, FEED, pages(1)).script(PLUGIN, OTHER, pages(1)).script("acme.other", FEED, pages(1));
        SyncHarness.plugin(sources, "acme.other", "[{\"id\":\"" + FEED + "\"}]");
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.engine.sourceAppeared(PLUGIN, OTHER);
        h.engine.sourceAppeared("acme.other", FEED);
        h.tickAndRun();
        h.engine.syncNow(PLUGIN, FEED); // a cycle queued when the plugin goes

        // uninstalled (nothing published, the host reports it installed), then purged
        sources.available.removeIf(k -> k.startsWith(PLUGIN + "/"));
        sources.pluginStates.put(PLUGIN, "installed");
        assertThatThrownBy(() -> h.engine.syncNow(PLUGIN, OTHER)).hasMessageContaining("(state installed)");
        assertThat(h.engine.purge(PLUGIN)).isEqualTo(2);
        assertThat(h.engine.status()).extracting(SyncStatus::pluginId).containsExactly("acme.other");
        assertThat(h.runDue()).as("the orphaned job runs and changes nothing").hasSize(1);
        assertThat(h.engine.status(PLUGIN, FEED)).isEmpty();
        assertThat(sources.calls).extracting(ScriptedSources.Call::pluginId).containsExactly(PLUGIN, PLUGIN, "acme.other");
    }

    @Test
    void aSourceWhoseJobDiedIsReleased() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.engine.tick();
        Job job = h.queue.claim("w1", Set.of(SyncEngine.JOB_TYPE), Duration.ofMinutes(5)).orElseThrow();
        h.queue.fail(job.id(), "w1", DevRigError.of("BOOM", ErrorCategory.PERMANENT, "handler bug"));
        assertThat(h.row(PLUGIN, FEED).jobId()).isEqualTo(job.id());
        assertThat(h.tickAndRun()).as("still held").isEmpty();

        assertThat(h.engine.releaseOrphans()).isEqualTo(1);
        assertThat(h.tickAndRun()).hasSize(1);
        assertThat(h.row(PLUGIN, FEED).lastSyncAt()).isNotNull();
    }

    @Test
    void aStaleJobChangesNothing() {
        sources.script(PLUGIN, FEED, pages(1));
        h.engine.sourceAppeared(PLUGIN, FEED);
        h.tickAndRun();
        Job stale = new Job("01STALE", SyncEngine.JOB_TYPE, SyncEngine.payload(PLUGIN, FEED), 0,
                io.devrig.api.queue.JobStatus.PROCESSING, 1, 3, "w", null, null, null, clock.now(), null);
        h.engine.handle(stale);
        assertThat(sources.calls(FEED)).hasSize(1);
        h.engine.handle(new Job("01BAD", SyncEngine.JOB_TYPE, "{}", 0, io.devrig.api.queue.JobStatus.PROCESSING, 1, 3,
                "w", null, null, null, clock.now(), null));
        assertThat(sources.calls(FEED)).hasSize(1);
    }

    /** An Error, so it passes through every catch as a dying process would. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }
}
