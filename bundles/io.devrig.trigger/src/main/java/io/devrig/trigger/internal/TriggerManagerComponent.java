package io.devrig.trigger.internal;

import io.devrig.api.flow.WorkflowParticipant;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.Workflows;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.api.trigger.TriggerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link TriggerManager} and takes part in publishing workflows
 * ({@link WorkflowParticipant}: a version's trigger row is written in its publish
 * transaction). Immediate: triggers fire whether or not anyone holds the service.
 *
 * <p>The participant (the manager itself) is registered by the activation, not as a second
 * service of this component: the workflow store binds its participants while it activates, and this component
 * needs the store to activate, so DS would meet the store's activation inside this one's
 * (a circular reference it logs as an ERROR at every boot and resolves only by a retry). Trigger
 * types are a whiteboard ({@link TriggerType} services with {@value TriggerType#TYPE_PROPERTY}),
 * bound dynamically and greedily so a type installed later is taken up at once.
 */
@Component(service = TriggerManager.class, immediate = true,
        configurationPid = "io.devrig.trigger")
@Designate(ocd = TriggerConfig.class)
public final class TriggerManagerComponent implements TriggerManager {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerManagerComponent.class);

    private final TriggerManagerImpl manager;
    private final ScheduledExecutorService cleanup;
    private final ServiceRegistration<WorkflowParticipant> participant;

    @Activate
    public TriggerManagerComponent(@Reference Database db, @Reference Workflows workflows,
            @Reference WorkflowRuns runs, TriggerConfig config, BundleContext context) {
        this.manager = new TriggerManagerImpl(db, workflows, runs, DevRigClock.system());
        this.participant = context.registerService(WorkflowParticipant.class, manager, null);
        manager.start();
        this.cleanup = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devrig-trigger-cleanup");
            t.setDaemon(true);
            return t;
        });
        int days = config.eventRetentionDays();
        if (days > 0) {
            cleanup.scheduleWithFixedDelay(() -> {
                try {
                    manager.cleanupEvents(Duration.ofDays(days));
                } catch (RuntimeException e) {
                    LOG.warn("Cleanup of old trigger events failed: {}", e.getMessage());
                }
            }, 1, 60, TimeUnit.MINUTES);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addType(TriggerType type, Map<String, Object> properties) {
        Object ranking = properties.get(org.osgi.framework.Constants.SERVICE_RANKING);
        Object id = properties.get(org.osgi.framework.Constants.SERVICE_ID);
        manager.addType(type, typeName(properties), ranking instanceof Integer r ? r : 0,
                id instanceof Long l ? l : Long.MAX_VALUE);
    }

    void removeType(TriggerType type, Map<String, Object> properties) {
        manager.removeType(type, typeName(properties));
    }

    private static String typeName(Map<String, Object> properties) {
        Object v = properties.get(TriggerType.TYPE_PROPERTY);
        return v instanceof String s ? s : null;
    }

    @Deactivate
    void deactivate() {
        try {
            participant.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping: the framework unregistered it first
        }
        cleanup.shutdownNow();
        manager.close();
    }

    @Override
    public List<TriggerStatus> triggers() {
        return manager.triggers();
    }

    @Override
    public Optional<TriggerStatus> trigger(String id) {
        return manager.trigger(id);
    }

    @Override
    public TriggerStatus pause(String id) {
        return manager.pause(id);
    }

    @Override
    public TriggerStatus resume(String id) {
        return manager.resume(id);
    }

    @Override
    public List<TriggerEvent> events(String id, int limit) {
        return manager.events(id, limit);
    }
}
