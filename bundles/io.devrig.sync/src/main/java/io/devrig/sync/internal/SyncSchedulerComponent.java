package io.devrig.sync.internal;

import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.plugin.data.PluginDataOwner;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.store.Database;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncStatus;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link SyncScheduler} and the {@link JobHandler} of {@value SyncEngine#JOB_TYPE}
 * jobs, tracks the plugins' {@link DataSource} services and runs the scheduler's tick.
 * Immediate: sources sync whether or not anyone holds the service. As the
 * {@link PluginDataOwner} of {@code plugin_sync_state}, it deletes a purged plugin's sync state.
 */
@Component(service = {SyncScheduler.class, JobHandler.class, EventHandler.class, PluginDataOwner.class}, immediate = true,
        configurationPid = "io.devrig.sync", property = {JobHandler.TYPE_PROPERTY + "=" + SyncEngine.JOB_TYPE,
                EventConstants.EVENT_TOPIC + "=" + PluginConstants.SETTINGS_CHANGED_TOPIC})
@Designate(ocd = SyncConfig.class)
public final class SyncSchedulerComponent implements SyncScheduler, JobHandler, EventHandler, PluginDataOwner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSchedulerComponent.class);
    /** Orphaned sources (their job died) are looked for every this many ticks. */
    private static final int ORPHAN_EVERY = 30;

    private final PublishedDataSources sources;
    private final SyncEngine engine;
    private final Duration cycleTimeout;
    private final ScheduledExecutorService ticker;
    private final AtomicLong ticks = new AtomicLong();

    @Activate
    public SyncSchedulerComponent(@Reference(name = "database") Database database,
            @Reference(name = "queue") JobQueue queue, @Reference(name = "invoker") PluginInvoker invoker,
            @Reference(name = "plugins") PluginAdmin plugins, SyncConfig config) {
        DevRigClock clock = DevRigClock.system();
        this.sources = new PublishedDataSources(invoker, plugins);
        this.engine = new SyncEngine(new SyncStore(database, clock), queue, sources,
                new ConcurrencyGate(Math.max(1, config.maxConcurrentSyncs())), clock,
                Duration.ofMillis(Math.max(100, config.busyRetryMillis())));
        this.cycleTimeout = Duration.ofMinutes(Math.max(1, config.cycleTimeoutMinutes()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devrig-sync-scheduler");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(100, config.tickMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
    }

    /** Deletes the plugin's sync state, inside the plugin host's purge transaction. */
    @Override
    public int purge(String pluginId) {
        return engine.purge(pluginId);
    }

    private void tick() {
        try {
            if (ticks.getAndIncrement() % ORPHAN_EVERY == 0) {
                engine.releaseOrphans();
            }
            engine.tick();
        } catch (RuntimeException e) {
            // a busy or closing database: the next tick tries again
            LOG.warn("Sync scheduler tick failed: {}", e.getMessage());
        }
    }

    @Reference(name = "dataSources", service = DataSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSource")
    void addSource(ComponentServiceObjects<DataSource> source) {
        PublishedDataSources.Key key = sources.add(source);
        if (key == null) {
            LOG.warn("DataSource service {} is ignored: it needs the property devrig.capability=dataSource:<id> and"
                    + " must come from a plugin bundle", source.getServiceReference());
            return;
        }
        try {
            engine.sourceAppeared(key.pluginId(), key.dataSourceId());
        } catch (RuntimeException e) {
            LOG.warn("Could not record data source {} of {}: {}", key.dataSourceId(), key.pluginId(), e.getMessage());
        }
    }

    void removeSource(ComponentServiceObjects<DataSource> source) {
        sources.remove(source);
    }

    /** A plugin's settings changed: its data sources are due at once (the new settings are often the fix). */
    @Override
    public void handleEvent(Event event) {
        if (event.getProperty("pluginId") instanceof String pluginId) {
            try {
                engine.settingsChanged(pluginId);
            } catch (RuntimeException e) {
                LOG.warn("Could not reschedule the data sources of {} after its settings changed: {}", pluginId,
                        e.getMessage());
            }
        }
    }

    @Override
    public void handle(Job job) {
        engine.handle(job);
    }

    @Override
    public Duration taskTimeout(Job job) {
        return cycleTimeout;
    }

    @Override
    public List<SyncStatus> status() {
        return engine.status();
    }

    @Override
    public Optional<SyncStatus> status(String pluginId, String dataSourceId) {
        return engine.status(pluginId, dataSourceId);
    }

    @Override
    public void syncNow(String pluginId, String dataSourceId) {
        engine.syncNow(Objects.requireNonNull(pluginId, "pluginId"), Objects.requireNonNull(dataSourceId, "dataSourceId"));
    }

    @Override
    public SyncStatus configure(String pluginId, String dataSourceId, SyncSettings settings) {
        return engine.configure(pluginId, dataSourceId, Objects.requireNonNull(settings, "settings"));
    }
}
