package io.devrig.plugin.internal.host;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.data.PluginDataOwner;
import io.devrig.api.sync.DataSource;
import io.devrig.plugin.internal.sdk.SettingsChannel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook;
import org.osgi.framework.wiring.FrameworkWiring;
import io.devrig.plugin.guard.PluginGuard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin extender: tracks plugin bundles, hands every change to the
 * {@link PluginLifecycle} on one thread (so starting or stopping a bundle never happens
 * inside a framework callback), and hides capability services of plugins that are not
 * active or did not declare them (service hooks), so no registry ever sees them. It also
 * watches which declared capabilities have a service, and is the settings channel the
 * {@code PluginSettings} SDK reads and listens to.
 */
@Component(immediate = true, service = {PluginAdmin.class, PermissionGate.class, SettingsChannel.class},
        configurationPid = PreApprovals.PID)
public final class PluginHostComponent implements PluginAdmin, PermissionGate, SettingsChannel {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHostComponent.class);
    /** Service types that are capabilities only with a {@code devrig.capability} property; without it a plugin is refused. */
    static final Set<String> CAPABILITY_TYPES = Set.of(ActionExecutor.class.getName(), DataSource.class.getName());
    private static final String CAPABILITY_FILTER = "(|(" + PluginConstants.CAPABILITY_PROPERTY + "=*)"
            + CAPABILITY_TYPES.stream().map(t -> "(objectClass=" + t + ")").reduce("", String::concat) + ")";
    /** How long after a plugin became active its declared capabilities without a service are logged. */
    private static final long UNAVAILABLE_REPORT_SECONDS = 10;

    private final BundleContext context;
    private final PluginLifecycle lifecycle;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devrig-plugin-host");
        t.setDaemon(true);
        return t;
    });
    private final PluginInvoker invoker;
    private final PluginGuard guard;
    private final FrameworkWiring wiring;
    private final BundleTracker<Bundle> tracker;
    private final ServiceListener capabilityListener;
    private final ServiceRegistration<?> hooks;
    private final Map<String, Set<Consumer<String>>> settingsSubscribers = new ConcurrentHashMap<>();

    // optional: without Event Admin only the plugin's own listeners hear of new settings
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    // the bundles that keep plugins' data in their own tables; a purge deletes it through them
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<PluginDataOwner> dataOwners;

    @Activate
    public PluginHostComponent(BundleContext context, @Reference Database db, @Reference PluginInvoker invoker,
            @Reference PluginGuard guard, Map<String, Object> properties) throws InvalidSyntaxException {
        this.context = context;
        this.invoker = invoker;
        this.guard = guard;
        this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        this.lifecycle = new PluginLifecycle(new PluginRecords(db, DevRigClock.system()), invoker::stats,
                new Admission() {
                    @Override
                    public void admit(String pluginId, Set<String> granted) {
                        guard.admit(pluginId, granted);
                    }

                    @Override
                    public void bar(String pluginId) {
                        guard.bar(pluginId);
                    }
                });
        modified(properties); // before the tracker opens: pre-approvals apply to the first look at each plugin
        thread.scheduleWithFixedDelay(() -> guarded(lifecycle::flushCounters), 5, 5, TimeUnit.SECONDS);
        CapabilityHooks capabilityHooks = new CapabilityHooks();
        this.hooks = context.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()},
                capabilityHooks, null);
        this.capabilityListener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
                checkCapability(event.getServiceReference());
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                Bundle owner = event.getServiceReference().getBundle();
                long serviceId = serviceId(event.getServiceReference());
                if (owner != null) {
                    long bundleId = owner.getBundleId();
                    thread.execute(() -> guarded(() -> lifecycle.unregistered(bundleId, serviceId)));
                }
            }
        };
        context.addServiceListener(capabilityListener, CAPABILITY_FILTER);
        this.tracker = new BundleTracker<>(context, Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE
                | Bundle.STOPPING, null) {
            @Override
            public Bundle addingBundle(Bundle bundle, BundleEvent event) {
                if (!OsgiPluginBundle.isPlugin(bundle)) {
                    return null;
                }
                submit(bundle);
                return bundle;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                if (event != null && event.getType() == BundleEvent.STOPPING) {
                    // before its code goes away: calls in flight end now instead of running on a stopped bundle
                    invoker.cancelCalls(bundle.getSymbolicName());
                }
                submit(bundle);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                OsgiPluginBundle plugin = plugin(bundle);
                boolean uninstalled = bundle.getState() == Bundle.UNINSTALLED;
                invoker.cancelCalls(bundle.getSymbolicName());
                thread.execute(() -> guarded(() -> lifecycle.bundleRemoved(plugin, uninstalled)));
            }
        };
        tracker.open();
        // capability services registered before we started
        ServiceReference<?>[] existing = context.getAllServiceReferences(null, CAPABILITY_FILTER);
        if (existing != null) {
            for (ServiceReference<?> ref : existing) {
                checkCapability(ref);
            }
        }
    }

    private OsgiPluginBundle plugin(Bundle bundle) {
        return new OsgiPluginBundle(bundle, guard, wiring);
    }

    private void submit(Bundle bundle) {
        OsgiPluginBundle plugin = plugin(bundle);
        thread.execute(() -> guarded(() -> {
            // events queue up; a bundle uninstalled meanwhile is handled by removedBundle
            if (bundle.getState() != Bundle.UNINSTALLED) {
                lifecycle.bundleChanged(plugin);
                if (bundle.getState() == Bundle.ACTIVE) {
                    // its components have had time to publish what the descriptor declares
                    thread.schedule(() -> guarded(() -> lifecycle.reportUnavailable(plugin.symbolicName())),
                            UNAVAILABLE_REPORT_SECONDS, TimeUnit.SECONDS);
                }
            }
        }));
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty("service.id");
    }

    /** The service's {@code devrig.capability}, or null when it has none (or not as one string). */
    private static String capability(ServiceReference<?> ref) {
        return ref.getProperty(PluginConstants.CAPABILITY_PROPERTY) instanceof String s ? s : null;
    }

    static boolean isCapabilityType(ServiceReference<?> ref) {
        if (ref.getProperty("objectClass") instanceof String[] names) {
            for (String name : names) {
                if (CAPABILITY_TYPES.contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkCapability(ServiceReference<?> ref) {
        Bundle owner = ref.getBundle();
        if (owner == null || !OsgiPluginBundle.isPlugin(owner)) {
            return;
        }
        String capability = capability(ref);
        long serviceId = serviceId(ref);
        String service = "service " + serviceId + " " + java.util.Arrays.toString((String[]) ref.getProperty("objectClass"));
        OsgiPluginBundle plugin = plugin(owner);
        thread.execute(() -> guarded(() -> {
            if (owner.getState() != Bundle.UNINSTALLED) {
                lifecycle.capabilityRegistered(plugin, serviceId, capability, service);
            }
        }));
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (IllegalStateException e) {
            // typically a bundle uninstalled while its event waited in the queue; removedBundle handles it
            LOG.debug("Plugin host skipped a change: {}", e.getMessage());
        } catch (RuntimeException e) {
            // one bad event must not stop the host thread
            LOG.error("Plugin host could not process a change: {}", e.toString(), e);
        }
    }

    /** Configuration {@value PreApprovals#PID} changed: new pre-approvals apply to plugins judged from now on. */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            lifecycle.setPreApprovals(PreApprovals.parse(properties.get("preApproved")));
        } catch (IllegalArgumentException e) {
            lifecycle.setPreApprovals(PreApprovals.NONE);
            LOG.error("Configuration {} ignored: {}", PreApprovals.PID, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        context.removeServiceListener(capabilityListener);
        try {
            hooks.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping this bundle
        }
        thread.execute(() -> guarded(lifecycle::flushCounters));
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Admin operations run on the host thread too, after the changes already queued. */
    private <T> T onHostThread(Callable<T> work) {
        try {
            return thread.submit(work).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DevRigException d) {
                throw d;
            }
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                    "plugin host failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT, "the plugin host did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "interrupted");
        }
    }

    @Override
    public void check(String pluginId, String permission) {
        lifecycle.check(pluginId, permission); // any thread: reads a concurrent map, no host-thread hop
    }

    @Override
    public List<PluginInfo> plugins() {
        return onHostThread(lifecycle::plugins);
    }

    @Override
    public Optional<PluginInfo> plugin(String id) {
        return onHostThread(() -> lifecycle.plugin(id));
    }

    @Override
    public String descriptorSchema() {
        return io.devrig.plugin.internal.descriptor.DescriptorReader.schema();
    }

    @Override
    public Optional<PluginDescriptor> descriptor(String id) {
        // from memory, without the host thread: the action registry asks while the host starts a bundle
        return lifecycle.descriptor(id);
    }

    @Override
    public PluginInfo grant(String id) {
        return onHostThread(() -> lifecycle.grant(id));
    }

    @Override
    public PluginInfo enable(String id) {
        return onHostThread(() -> lifecycle.enable(id));
    }

    @Override
    public PluginInfo disable(String id) {
        return onHostThread(() -> lifecycle.disable(id));
    }

    @Override
    public void purge(String id) {
        onHostThread(() -> {
            List<PluginDataOwner> owners = dataOwners;
            lifecycle.purge(id, owners == null ? List.of() : owners);
            return null;
        });
    }

    @Override
    public String settings(String id) {
        // any thread: a plugin component may read its settings while the host thread starts its bundle
        return lifecycle.settings(id);
    }

    @Override
    public PluginInfo configure(String id, String json) {
        PluginInfo info = onHostThread(() -> lifecycle.configure(id, json));
        // on the caller's thread, after the save: each subscriber calls the plugin's listeners through the invoker
        String saved = lifecycle.settings(id);
        for (Consumer<String> subscriber : settingsSubscribers.getOrDefault(id, Set.of())) {
            try {
                subscriber.accept(saved);
            } catch (RuntimeException e) {
                LOG.warn("Could not tell plugin {} of its new settings: {}", id, e.getMessage());
            }
        }
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(PluginConstants.SETTINGS_CHANGED_TOPIC, Map.of("pluginId", id)));
        }
        return info;
    }

    @Override
    public void subscribe(String pluginId, Consumer<String> subscriber) {
        settingsSubscribers.computeIfAbsent(pluginId, p -> new CopyOnWriteArraySet<>()).add(subscriber);
    }

    @Override
    public void unsubscribe(String pluginId, Consumer<String> subscriber) {
        settingsSubscribers.computeIfPresent(pluginId, (p, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Hides a plugin's capability services from every bundle but the plugin itself while
     * the plugin is not active, and for good when it did not declare the capability.
     */
    private final class CapabilityHooks implements FindHook, EventListenerHook {

        private boolean hidden(ServiceReference<?> ref, BundleContext viewer) {
            String capability = capability(ref);
            boolean eventHandler = isEventHandler(ref);
            Bundle owner = ref.getBundle();
            if (capability == null && !eventHandler && !isCapabilityType(ref) || owner == null || viewer == null) {
                return false;
            }
            long viewerId = viewer.getBundle().getBundleId();
            if (viewerId == 0 || viewerId == owner.getBundleId() || viewerId == context.getBundle().getBundleId()) {
                return false;
            }
            if (!lifecycle.isPlugin(owner.getBundleId())) {
                // a plugin bundle the host has not judged yet: hidden until it has
                return OsgiPluginBundle.isPlugin(owner);
            }
            if (eventHandler && !lifecycle.mayReceiveEvents(owner.getBundleId())) {
                return true; // Event Admin never sees the handler of a plugin without events:subscribe
            }
            // an action or data source without devrig.capability names nothing declared: never seen
            return (capability != null || !eventHandler) && !lifecycle.visible(owner.getBundleId(), capability);
        }

        private boolean isEventHandler(ServiceReference<?> ref) {
            Object classes = ref.getProperty("objectClass");
            if (classes instanceof String[] names) {
                for (String name : names) {
                    if (name.equals("org.osgi.service.event.EventHandler")) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public void find(BundleContext viewer, String name, String filter, boolean allServices,
                Collection<ServiceReference<?>> references) {
            references.removeIf(ref -> hidden(ref, viewer));
        }

        @Override
        public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerHook.ListenerInfo>> listeners) {
            ServiceReference<?> ref = event.getServiceReference();
            if (ref.getProperty(PluginConstants.CAPABILITY_PROPERTY) == null && !isEventHandler(ref)
                    && !isCapabilityType(ref)) {
                return;
            }
            listeners.keySet().removeIf(viewer -> hidden(event.getServiceReference(), viewer));
        }
    }
}
