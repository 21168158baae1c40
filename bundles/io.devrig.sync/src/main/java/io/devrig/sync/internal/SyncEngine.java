package io.devrig.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.sync.QuietHours;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncState;
import io.devrig.api.sync.SyncStatus;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sync cycles (seed §4). A cycle is a job of type {@value #JOB_TYPE} on the durable
 * queue: the scheduler's {@link #tick} enqueues one for every due source and hands the
 * source to it ({@code job_id}) in the same transaction; {@link #handle} then calls the
 * data source page by page, keeping the cursor after every page, and records the end.
 *
 * <p>Crash safety: the cursor moves only after a page returned, in its own transaction. A
 * crash between a page's fetch and that write leaves the job to the queue's rescue, and
 * the rerun fetches the same page again from the old cursor; the inbox upserts by external
 * id, so nothing is duplicated. A source is held by one job at a time, so a cycle never
 * runs twice at once.
 */
final class SyncEngine {

    static final String JOB_TYPE = "sync.cycle";
    /** Most pages in one cycle; a source with more continues at the next cycle, soon. */
    static final int MAX_PAGES = 100;
    /** Longest error message kept in the state. */
    static final int MAX_ERROR_LENGTH = 500;
    static final String NOT_AVAILABLE = "SYNC_SOURCE_UNAVAILABLE";

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private final SyncStore store;
    private final JobQueue queue;
    private final DataSources sources;
    private final ConcurrencyGate gate;
    private final DevRigClock clock;
    private final Duration busyRetry;

    /**
     * @param busyRetry how long a cycle that found every slot taken waits before it tries again
     */
    SyncEngine(SyncStore store, JobQueue queue, DataSources sources, ConcurrencyGate gate, DevRigClock clock,
            Duration busyRetry) {
        this.store = store;
        this.queue = queue;
        this.sources = sources;
        this.gate = gate;
        this.clock = clock;
        this.busyRetry = busyRetry;
    }

    /** A data source service appeared: make sure it has a state row (due at once the first time). */
    void sourceAppeared(String pluginId, String dataSourceId) {
        if (!sources.isPlugin(pluginId)) {
            LOG.warn("Data source {} of {} is not scheduled: {} is not a plugin DevRig knows", dataSourceId, pluginId,
                    pluginId);
            return;
        }
        store.ensure(pluginId, dataSourceId);
    }

    // ---------------------------------------------------------------- scheduling

    /** Enqueues a cycle for every source that is due, available and not in its quiet hours; how many. */
    int tick() {
        Instant now = clock.now();
        int started = 0;
        for (SyncStore.Row r : store.due(now)) {
            if (!sources.available(r.pluginId(), r.dataSourceId())) {
                continue; // its plugin is stopped: it becomes due again the moment it comes back
            }
            QuietHours quiet = quietHours(r.quietHoursJson());
            if (quiet != null && SyncPolicy.inQuietHours(quiet, now)) {
                continue; // due once the window ends
            }
            if (enqueue(r.pluginId(), r.dataSourceId(), Duration.ZERO, null) != null) {
                started++;
            }
        }
        return started;
    }

    /** Frees sources whose cycle job died or was discarded; how many. */
    int releaseOrphans() {
        // the held job ids first, then the queue's live set: a job handed a source after the
        // first read is not looked at; one gone by the second read is not coming back
        List<String> held = store.heldJobs();
        if (held.isEmpty()) {
            return 0;
        }
        Set<String> live = new HashSet<>();
        for (Job j : queue.jobs(JOB_TYPE, EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING), Integer.MAX_VALUE)) {
            live.add(j.id());
        }
        int n = store.releaseJobs(held.stream().filter(id -> !live.contains(id)).toList());
        if (n > 0) {
            LOG.warn("Released {} data source(s) whose sync job is no longer queued (dead-lettered or discarded)", n);
        }
        return n;
    }

    /**
     * Enqueues a cycle due after {@code delay} and hands the source to it from {@code fromJob}
     * (null: a new cycle), in one transaction; the new job's id, or null (and nothing queued)
     * when the source is not held as expected.
     */
    private String enqueue(String pluginId, String dataSourceId, Duration delay, String fromJob) {
        String payload = payload(pluginId, dataSourceId);
        try {
            return store.db().write(h -> {
                String id = queue.enqueue(JobRequest.of(JOB_TYPE, payload).withDelay(delay));
                if (!store.handOver(h, pluginId, dataSourceId, fromJob, id)) {
                    throw new Held();
                }
                return id;
            });
        } catch (Held held) {
            return null; // rolled back: the job is not queued either
        }
    }

    // ---------------------------------------------------------------- cycles

    /** The job handler: runs the cycle of the job's source, if the job still holds it. */
    void handle(Job job) {
        Map<String, Object> p = readObject(job.payload());
        if (!(p.get("pluginId") instanceof String pluginId) || !(p.get("dataSourceId") instanceof String dataSourceId)) {
            LOG.warn("Sync job {} has no pluginId/dataSourceId in its payload; dropped", job.id());
            return;
        }
        Optional<SyncStore.Row> found = store.row(pluginId, dataSourceId);
        if (found.isEmpty() || !job.id().equals(found.get().jobId())) {
            LOG.debug("Sync job {} no longer holds {} {}; nothing to do", job.id(), pluginId, dataSourceId);
            return;
        }
        SyncStore.Row row = found.get();
        if (!row.enabled() || !sources.available(pluginId, dataSourceId)) {
            store.release(pluginId, dataSourceId, job.id(), null);
            return;
        }
        if (!gate.tryEnter()) {
            // every slot is taken: a job a little later takes the source over and this one ends
            // (null: the source was released meanwhile, disabled say: nothing to put off)
            enqueue(pluginId, dataSourceId, busyRetry, job.id());
            return;
        }
        try {
            runCycle(row, job.id());
        } finally {
            gate.exit();
        }
    }

    private void runCycle(SyncStore.Row row, String jobId) {
        String pluginId = row.pluginId();
        String dataSourceId = row.dataSourceId();
        if (!store.markSyncing(pluginId, dataSourceId, jobId)) {
            return;
        }
        Map<String, Object> config = sources.settings(pluginId); // the plugin's settings as they are now
        String cursor = row.cursor();
        int items = 0;
        boolean capped = false;
        try {
            for (int page = 1; ; page++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("the sync cycle was interrupted");
                }
                SyncResult result = sources.syncPage(pluginId, new SyncRequest(dataSourceId, cursor, page, config));
                if (result == null) {
                    throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                            "data source " + dataSourceId + " returned no result for page " + page);
                }
                Optional<Boolean> enabled = store.savePage(pluginId, dataSourceId, jobId, result.cursor(),
                        result.itemsSynced());
                if (enabled.isEmpty()) {
                    return; // another job took the source over (this one stalled past its lease)
                }
                cursor = result.cursor() != null ? result.cursor() : cursor;
                items += Math.max(0, result.itemsSynced());
                if (!result.hasMore()) {
                    break;
                }
                if (page == MAX_PAGES) {
                    capped = true;
                    break;
                }
                if (!enabled.get()) {
                    store.release(pluginId, dataSourceId, jobId, null); // disabled mid-cycle: stop after the page
                    LOG.info("Sync of {} {} stopped after page {}: the source was disabled", pluginId, dataSourceId, page);
                    return;
                }
            }
            // a capped cycle has more to fetch: the next one comes after the minimum interval, not the full one
            long wait = capped ? SyncPolicy.MIN_INTERVAL_MS : interval(row);
            store.finishSuccess(pluginId, dataSourceId, jobId, clock.now().plusMillis(wait));
            LOG.debug("Synced {} {}: {} item(s){}", pluginId, dataSourceId, items, capped ? ", more pending" : "");
        } catch (DataSources.SourceGoneException e) {
            stoppedCleanly(pluginId, dataSourceId, jobId);
        } catch (Exception e) {
            boolean interrupted = Thread.interrupted(); // the writes below must not see the interrupt
            try {
                if (!sources.available(pluginId, dataSourceId)) {
                    stoppedCleanly(pluginId, dataSourceId, jobId); // disabled or updated mid-sync
                } else {
                    int failures = row.consecutiveFailures() + 1;
                    long delay = SyncPolicy.backoffMs(failures, SyncPolicy.retryAfter(e));
                    store.finishFailure(pluginId, dataSourceId, jobId, message(e), clock.now().plusMillis(delay));
                    LOG.warn("Sync of {} {} failed ({} in a row; next try in {} s): {}", pluginId, dataSourceId,
                            failures, delay / 1000, message(e));
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void stoppedCleanly(String pluginId, String dataSourceId, String jobId) {
        store.release(pluginId, dataSourceId, jobId, null);
        LOG.info("Sync of {} {} stopped: its plugin was stopped, updated or disabled; cursor and state kept", pluginId,
                dataSourceId);
    }

    // ---------------------------------------------------------------- admin

    List<SyncStatus> status() {
        return store.rows().stream().map(this::status).toList();
    }

    Optional<SyncStatus> status(String pluginId, String dataSourceId) {
        return store.row(pluginId, dataSourceId).map(this::status);
    }

    void syncNow(String pluginId, String dataSourceId) {
        SyncStore.Row row = existing(pluginId, dataSourceId);
        if (!row.enabled()) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, "data source " + dataSourceId
                    + " of plugin " + pluginId + " is disabled; enable it first (sync-config with {\"enabled\": true})");
        }
        if (!sources.available(pluginId, dataSourceId)) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, "plugin " + pluginId
                    + " is not active (state " + sources.pluginState(pluginId).orElse("unknown")
                    + ") or does not publish data source " + dataSourceId);
        }
        if (row.jobId() == null) {
            enqueue(pluginId, dataSourceId, Duration.ZERO, null); // null: a cycle got there first, which is what was asked
        }
    }

    /** The plugin's settings changed: its enabled sources are due at once, backoff or not. */
    void settingsChanged(String pluginId) {
        store.dueNow(pluginId, clock.now());
    }

    SyncStatus configure(String pluginId, String dataSourceId, SyncSettings settings) {
        SyncStore.Row row = existing(pluginId, dataSourceId);
        if (settings.intervalMs() != null) {
            SyncPolicy.validateInterval(settings.intervalMs());
        }
        QuietHours quiet = settings.quietHours();
        boolean clearQuiet = quiet != null && quiet.start().equals(quiet.end());
        if (quiet != null && !clearQuiet) {
            SyncPolicy.validate(quiet);
        }
        if (settings.config() != null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "$.config: a data source reads"
                    + " its plugin's settings, there is no config per data source any more; set them with"
                    + " devrig:plugin-config " + pluginId + " '<json>' (devrig:plugin " + pluginId + " and"
                    + " devrig:plugin-config " + pluginId + " show the plugin and its settings); nothing was saved");
        }
        Instant now = clock.now();
        Instant next = null;
        if (Boolean.TRUE.equals(settings.enabled()) && !row.enabled()) {
            next = now; // enabled again: due at once
        } else if (settings.intervalMs() != null && row.consecutiveFailures() == 0 && row.lastSyncAt() != null) {
            Instant byInterval = DevRigClock.parse(row.lastSyncAt()).plusMillis(settings.intervalMs());
            next = byInterval.isBefore(now) ? now : byInterval;
        }
        store.configure(pluginId, dataSourceId, settings.intervalMs(), settings.enabled(),
                quiet == null || clearQuiet ? null : write(quiet), clearQuiet,
                null, next);
        return status(pluginId, dataSourceId).orElseThrow();
    }

    private SyncStore.Row existing(String pluginId, String dataSourceId) {
        return store.row(pluginId, dataSourceId).orElseThrow(() -> new DevRigException(ErrorCodes.NOT_FOUND,
                ErrorCategory.PERMANENT, "no data source " + dataSourceId + " of plugin " + pluginId
                        + " is known to the scheduler (see sync-status)"));
    }

    private SyncStatus status(SyncStore.Row r) {
        SyncState state = !r.enabled() ? SyncState.DISABLED : r.jobId() != null ? SyncState.SYNCING
                : r.consecutiveFailures() > 0 ? SyncState.ERROR : SyncState.IDLE;
        String next = !r.enabled() ? null : r.nextSyncAt() != null ? r.nextSyncAt() : clock.timestamp();
        return new SyncStatus(r.pluginId(), r.dataSourceId(), state, r.lastSyncAt(), next, r.error(),
                r.consecutiveFailures(), r.itemsSynced(), interval(r), r.enabled(),
                quietHours(r.quietHoursJson()), sources.available(r.pluginId(), r.dataSourceId()));
    }

    // ---------------------------------------------------------------- helpers

    /** The admin's interval, else the descriptor's default for the source, else 5 min; at least 30 s. */
    private long interval(SyncStore.Row r) {
        return SyncPolicy.effectiveInterval(r.intervalOverrideMs(), sources.defaultIntervalMs(r.pluginId(),
                r.dataSourceId()));
    }

    /** Deletes the plugin's sync state (the plugin host's purge, inside its transaction); how many rows. */
    int purge(String pluginId) {
        return store.purge(pluginId);
    }

    /** What a failure leaves in the state: a DevRigException's safe summary, else type and message, bounded. */
    static String message(Throwable e) {
        String m = e instanceof DevRigException d ? d.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return m.length() > MAX_ERROR_LENGTH ? m.substring(0, MAX_ERROR_LENGTH - 1) + "…" : m;
    }

    static String payload(String pluginId, String dataSourceId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pluginId", pluginId);
        m.put("dataSourceId", dataSourceId);
        return write(m);
    }

    private static QuietHours quietHours(String json) {
        Map<String, Object> m = readObject(json);
        return m.get("start") instanceof String s && m.get("end") instanceof String e && m.get("zone") instanceof String z
                ? new QuietHours(s, e, z) : null;
    }

    private static Map<String, Object> readObject(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>();
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "$.config: not JSON-compatible: " + e.getOriginalMessage());
        }
    }

    /** Rolls back an enqueue whose source another cycle holds. */
    private static final class Held extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Held() {
            super(null, null, false, false);
        }
    }
}
