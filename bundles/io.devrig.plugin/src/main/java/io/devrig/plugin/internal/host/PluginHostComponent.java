package io.devrig.plugin.internal.host;

import io.devrig.plugin.guard.PreApprovals;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.store.Database;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.data.PluginDataOwner;
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
import java.util.concurrent.Future;
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
    /** The kind of declared plugin pages: served by the host, never seen by the HTTP whiteboard. */
    static final String PAGE_PREFIX = "page:";
    /** How long after a plugin became active its declared capabilities without a service are logged. */
    private static final long UNAVAILABLE_REPORT_SECONDS = 10;

    private final BundleContext context;
    private final PluginLifecycle lifecycle;
    private volatile Thread hostThread;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devrig-plugin-host");
        t.setDaemon(true);
        hostThread = t;
        return t;
    });
    /** Starts the syncs after a reload, off the host thread. */
    private final java.util.concurrent.ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "devrig-plugin-reload");
        t.setDaemon(true);
        return t;
    });
    /** The bundle of DevRig's API, to ask whether a plugin's service is of DevRig's types. */
    private final Bundle apiBundle = org.osgi.framework.FrameworkUtil.getBundle(PluginConstants.class);
    private final PluginInvoker invoker;
    private final PluginGuard guard;
    private final FrameworkWiring wiring;
    private final BundleTracker<Bundle> tracker;
    private final ServiceListener capabilityListener;
    private final ServiceRegistration<?> hooks;
    private final ServiceRegistration<?> health;
    private final Map<String, Set<Consumer<String>>> settingsSubscribers = new ConcurrentHashMap<>();
    /** bundle id → {lastModified, 1 when it carries the plugin header}. */
    private final Map<Long, long[]> pluginBundles = new ConcurrentHashMap<>();

    // optional: without SCR (core-only setups) a failed plugin component is only listed as unavailable
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.osgi.service.component.runtime.ServiceComponentRuntime scr;

    private final PluginWatch watch = new PluginWatch(() -> scr);

    // optional: without Event Admin only the plugin's own listeners hear of new settings
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

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
        setPreApprovals(properties); // before the tracker opens: pre-approvals apply to the first look at each plugin
        lifecycle.setRefusals(guard::refusals);
        thread.scheduleWithFixedDelay(() -> guarded(lifecycle::flushCounters), 5, 5, TimeUnit.SECONDS);
        // failed components of running plugins: soon after a start (see submit) and periodically
        thread.scheduleWithFixedDelay(() -> guarded(this::checkComponents), COMPONENT_CHECK_SECONDS,
                COMPONENT_CHECK_SECONDS, TimeUnit.SECONDS);
        CapabilityHooks capabilityHooks = new CapabilityHooks();
        this.hooks = context.registerService(new String[] {FindHook.class.getName(), EventListenerHook.class.getName()},
                capabilityHooks, null);
        this.health = context.registerService(io.devrig.api.health.HealthCheck.class, new PluginsHealth(), null);
        this.capabilityListener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.MODIFIED) {
                checkCapability(event.getServiceReference());
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                Bundle owner = event.getServiceReference().getBundle();
                if (owner == null || !isPluginBundle(owner)) {
                    return;
                }
                long serviceId = serviceId(event.getServiceReference());
                if (owner != null) {
                    long bundleId = owner.getBundleId();
                    thread.execute(() -> guarded(() -> lifecycle.unregistered(bundleId, serviceId)));
                }
            }
        };
        // every service: whatever a plugin registers is either a declared capability or refused
        context.addServiceListener(capabilityListener);
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
                if (event != null && event.getType() == BundleEvent.STARTING
                        && !lifecycle.isPlugin(bundle.getBundleId())) {
                    // A plugin the guard let resolve (pre-approved) starting before the host judged
                    // it, as the git plugin does at boot: judge it now, before its activator and
                    // components run (this event is synchronous), so its services are never
                    // registered while hidden and it need not be restarted (see PluginLifecycle.apply).
                    awaitJudgement(bundle, submit(bundle));
                    return;
                }
                if (event != null && event.getType() == BundleEvent.STOPPING) {
                    // before its code goes away: calls in flight end now instead of running on a stopped bundle
                    invoker.cancelCalls(bundle.getSymbolicName());
                }
                if (event != null && event.getType() == BundleEvent.UPDATED) {
                    // now, synchronously: until the refresh the old revision is still there to read
                    reloaded(bundle, previousVersion(bundle));
                }
                if (event != null && event.getType() == BundleEvent.STOPPED) {
                    long id = bundle.getBundleId();
                    String name = bundle.getSymbolicName();
                    thread.schedule(() -> guarded(() -> reportThreads(name, id, "stopped")), LEAK_CHECK_SECONDS,
                            TimeUnit.SECONDS);
                }
                submit(bundle);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
                OsgiPluginBundle plugin = plugin(bundle);
                boolean uninstalled = bundle.getState() == Bundle.UNINSTALLED;
                invoker.cancelCalls(bundle.getSymbolicName());
                thread.execute(() -> guarded(() -> lifecycle.bundleRemoved(plugin, uninstalled)));
                if (uninstalled) {
                    long id = bundle.getBundleId();
                    String name = bundle.getSymbolicName();
                    thread.schedule(() -> guarded(() -> reportThreads(name, id, "was uninstalled")), LEAK_CHECK_SECONDS,
                            TimeUnit.SECONDS);
                    thread.schedule(() -> guarded(() -> reportLoader(name, bundle, 0)), LEAK_CHECK_SECONDS,
                            TimeUnit.SECONDS);
                }
            }
        };
        tracker.open();
        // capability services registered before we started
        ServiceReference<?>[] existing = context.getAllServiceReferences(null, null);
        if (existing != null) {
            for (ServiceReference<?> ref : existing) {
                checkCapability(ref);
            }
        }
    }

    /** How long after a start a plugin's components are first checked, and then how often. */
    private static final long FIRST_COMPONENT_CHECK_SECONDS = 2;
    private static final long COMPONENT_CHECK_SECONDS = 5;
    /** How long after an update the new code is reported on (it starts within milliseconds of the update). */
    private static final long UPDATE_REPORT_SECONDS = 2;
    /** How long after a plugin's bundle stopped or was uninstalled the threads it left are looked for. */
    private static final long LEAK_CHECK_SECONDS = 3;
    /** How long a plugin's start waits for the host to judge it first (boot: well under a second). */
    private static final long STARTING_JUDGEMENT_WAIT_SECONDS = 10;
    /** How many times, {@value #LEAK_CHECK_SECONDS} s apart, an uninstalled bundle's class loader is checked. */
    private static final int LOADER_CHECKS = 10;

    private void checkComponents() {
        Bundle[] plugins = tracker.getBundles();
        if (plugins != null) {
            for (Bundle bundle : plugins) {
                checkComponents(bundle);
            }
        }
    }

    /** A running plugin whose DS component failed goes to error with the first line of the failure. */
    private void checkComponents(Bundle bundle) {
        if (bundle.getState() != Bundle.ACTIVE || !lifecycle.isPlugin(bundle.getBundleId())) {
            return;
        }
        String problem = watch.componentProblem(bundle);
        if (problem != null) {
            lifecycle.componentFailed(plugin(bundle), problem);
        }
    }

    /**
     * A plugin's bundle was updated (bundle:update, devrig:plugin-watch, a deploy/ drop): once
     * the new code had time to start, one INFO line says both bundle versions and what the new
     * code publishes, and its data sources sync at once, so the author sees new data without
     * waiting for their interval.
     *
     * @param old the version of the revision replaced, null when the framework no longer has it
     */
    private void reloaded(Bundle bundle, String old) {
        String id = bundle.getSymbolicName();
        String now = bundle.getVersion().toString();
        thread.execute(() -> guarded(() -> {
            // without the old revision, the version recorded before this change is judged
            String before = old != null ? old : lifecycle.recordedVersion(id);
            thread.schedule(() -> guarded(() -> {
                List<String> sources = lifecycle.reportUpdate(id, before == null ? "new" : before, now).dataSources();
                if (!sources.isEmpty()) {
                    // off the host thread: the scheduler asks PluginAdmin, which answers on this thread
                    reloads.execute(() -> syncNow(id, sources));
                }
            }), UPDATE_REPORT_SECONDS, TimeUnit.SECONDS);
        }));
    }

    /** The version of the revision an update replaced (kept until the bundle is refreshed), or null. */
    static String previousVersion(Bundle bundle) {
        org.osgi.framework.wiring.BundleRevisions revisions = bundle.adapt(org.osgi.framework.wiring.BundleRevisions.class);
        List<org.osgi.framework.wiring.BundleRevision> all = revisions == null ? List.of() : revisions.getRevisions();
        return all.size() > 1 ? all.get(1).getVersion().toString() : null;
    }

    private void syncNow(String pluginId, List<String> sources) {
        // looked up when needed, as the data owners in purge: the scheduler refers to PluginAdmin
        ServiceReference<SyncScheduler> ref = context.getServiceReference(SyncScheduler.class);
        SyncScheduler scheduler = ref == null ? null : context.getService(ref);
        if (scheduler == null) {
            LOG.info("plugin {} updated; no sync scheduler runs, so its data sources {} are not synced now", pluginId,
                    sources);
            return;
        }
        try {
            for (String source : sources) {
                try {
                    scheduler.syncNow(pluginId, source);
                    LOG.info("plugin {} updated: sync of {} started", pluginId, source);
                } catch (RuntimeException e) {
                    LOG.warn("plugin {} updated: sync of {} not started: {}", pluginId, source, e.getMessage());
                }
            }
        } finally {
            context.ungetService(ref);
        }
    }

    private void reportThreads(String pluginId, long bundleId, String what) {
        for (String leak : watch.threadsLeftBehind(bundleId)) {
            lifecycle.notice(pluginId, "after its bundle " + what + ", " + leak);
        }
    }

    /**
     * Once the uninstalled bundle is refreshed (no longer removal pending), its class loader
     * must become unreachable; if it stays reachable, something (a thread, a static field in
     * another bundle, a cache) holds the plugin's classes.
     */
    private void reportLoader(String pluginId, Bundle bundle, int attempt) {
        boolean pending = wiring.getRemovalPendingBundles().contains(bundle);
        if (!pending && !watch.loaderReachable(bundle.getBundleId())) {
            watch.forget(bundle.getBundleId());
            return;
        }
        if (attempt + 1 < LOADER_CHECKS) {
            thread.schedule(() -> guarded(() -> reportLoader(pluginId, bundle, attempt + 1)), LEAK_CHECK_SECONDS,
                    TimeUnit.SECONDS);
            return;
        }
        lifecycle.notice(pluginId, pending
                ? "its uninstalled bundle has not been refreshed, so its classes stay loaded (bundle:refresh)"
                : "the class loader of its uninstalled bundle is still reachable after it was refreshed: a thread,"
                        + " a static field elsewhere or a cache holds its classes");
        watch.forget(bundle.getBundleId());
    }

    private OsgiPluginBundle plugin(Bundle bundle) {
        return new OsgiPluginBundle(bundle, guard, wiring);
    }

    /**
     * Waits, bounded, for the host's thread to judge a starting plugin. Bounded: should that
     * thread be busy (or wait for this one), the start goes on and the plugin is judged
     * afterwards, restarted once if it registered services meanwhile.
     */
    private void awaitJudgement(Bundle bundle, Future<?> judgement) {
        if (Thread.currentThread() == hostThread) {
            return; // the host itself starts it: the judgement queued behind this task
        }
        try {
            judgement.get(STARTING_JUDGEMENT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("plugin {} starts before the host judged it: {}", bundle.getSymbolicName(), e.toString());
        }
    }

    private Future<?> submit(Bundle bundle) {
        OsgiPluginBundle plugin = plugin(bundle);
        return thread.submit(() -> guarded(() -> {
            // events queue up; a bundle uninstalled meanwhile is handled by removedBundle
            if (bundle.getState() != Bundle.UNINSTALLED) {
                lifecycle.bundleChanged(plugin);
                if (bundle.getState() == Bundle.ACTIVE) {
                    watch.remember(bundle.getSymbolicName(), bundle);
                    thread.schedule(() -> guarded(() -> checkComponents(bundle)), FIRST_COMPONENT_CHECK_SECONDS,
                            TimeUnit.SECONDS);
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

    private void checkCapability(ServiceReference<?> ref) {
        Bundle owner = ref.getBundle();
        if (owner == null || !isPluginBundle(owner)) {
            return;
        }
        String capability = capability(ref);
        String embedded = embeddedApiType(ref, apiBundle);
        if (embedded == null && capability == null && allowedWithoutCapability(ref, owner)) {
            return; // an event handler (judged by events:subscribe) or a service of the plugin's own types
        }
        long serviceId = serviceId(ref);
        String service = "service " + serviceId + " " + java.util.Arrays.toString((String[]) ref.getProperty("objectClass"));
        OsgiPluginBundle plugin = plugin(owner);
        if (embedded != null) {
            // its own copy of the API type: no registry's tracker can use it, property or not
            String error = "published " + service + " whose type " + embedded + " is a copy inside the plugin's bundle,"
                    + " so no DevRig bundle can use it; import the package "
                    + embedded.substring(0, embedded.lastIndexOf('.')) + " instead of embedding it (a compile-scope"
                    + " API dependency with -conditionalpackage, Private-Package or Embed-Dependency copies it)";
            thread.execute(() -> guarded(() -> {
                if (owner.getState() != Bundle.UNINSTALLED) {
                    lifecycle.serviceRefused(plugin, serviceId, error);
                }
            }));
            return;
        }
        thread.execute(() -> guarded(() -> {
            if (owner.getState() != Bundle.UNINSTALLED) {
                lifecycle.capabilityRegistered(plugin, serviceId, capability, service);
            }
        }));
    }

    /**
     * Services a plugin may register without {@code devrig.capability}: event handlers (Event
     * Admin sees them only with events:subscribe) and services whose every type is a class of
     * the plugin itself (no other bundle can even load such a type; the plugin uses them inside).
     */
    static boolean allowedWithoutCapability(ServiceReference<?> ref, Bundle owner) {
        if (!(ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS) instanceof String[] types)) {
            return false;
        }
        for (String type : types) {
            if (!allowedWithoutCapability(type, owner)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a plugin may publish a service of this one type without {@code devrig.capability}. */
    static boolean allowedWithoutCapability(String type, Bundle owner) {
        return type.equals(EVENT_HANDLER) || !type.startsWith(API_PACKAGE) && contains(owner, type);
    }

    /**
     * The first DevRig API type among a service's types that is not DevRig's own class: the
     * plugin loads its own copy of the API package (embedded instead of imported), so to every
     * other bundle the service is of a different type. The action registry and the scheduler
     * never see it, with or without {@code devrig.capability}, while the plugin looked active
     * with its capability provided. Asked of the API bundle itself, as the framework answers
     * a tracker (a copy that is imported anyway, bnd's substitution, loads DevRig's class: fine).
     */
    static String embeddedApiType(ServiceReference<?> ref, Bundle apiBundle) {
        if (apiBundle == null || !(ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS) instanceof String[] types)) {
            return null;
        }
        for (String type : types) {
            if (type.startsWith(API_PACKAGE) && !ref.isAssignableTo(apiBundle, type)) {
                return type;
            }
        }
        return null;
    }

    private static boolean contains(Bundle owner, String type) {
        return owner.getEntry(type.replace('.', '/') + ".class") != null;
    }

    /** DevRig's API packages: a plugin imports them; a copy inside the plugin is a different type. */
    static final String API_PACKAGE = "io.devrig.api.";

    static final String EVENT_HANDLER = "org.osgi.service.event.EventHandler";
    /** The package of the SDK services plugins may see (registered by core bundles for them). */
    static final String SDK_PACKAGE = "io.devrig.api.plugin.sdk.";

    /** Whether a bundle carries the plugin header, cached per bundle revision (cheap enough for every lookup). */
    private boolean isPluginBundle(Bundle bundle) {
        long id = bundle.getBundleId();
        long modified = bundle.getLastModified();
        long[] known = pluginBundles.get(id);
        if (known != null && known[0] == modified) {
            return known[1] == 1;
        }
        boolean plugin = OsgiPluginBundle.isPlugin(bundle);
        pluginBundles.put(id, new long[] {modified, plugin ? 1 : 0});
        return plugin;
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

    /**
     * Configuration {@value PreApprovals#PID} changed: new pre-approvals apply to plugins judged
     * from now on, and to those awaiting approval now (at boot the configuration may arrive
     * after a plugin was first judged).
     */
    @Modified
    void modified(Map<String, Object> properties) {
        setPreApprovals(properties);
        try {
            thread.execute(() -> guarded(lifecycle::judgeAwaitingAgain));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated meanwhile: nothing to judge
        }
    }

    private void setPreApprovals(Map<String, Object> properties) {
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
            health.unregister();
            hooks.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping this bundle
        }
        thread.execute(() -> guarded(lifecycle::flushCounters));
        thread.shutdown();
        reloads.shutdownNow();
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
        return io.devrig.common.plugin.DescriptorReader.schema();
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
            // looked up when needed, not a DS reference: the owners (the sync scheduler) refer to
            // PluginAdmin, and a reference back made SCR report a circular reference at first boot
            List<ServiceReference<PluginDataOwner>> refs = List.copyOf(context.getServiceReferences(PluginDataOwner.class, null));
            List<PluginDataOwner> owners = new java.util.ArrayList<>();
            try {
                for (ServiceReference<PluginDataOwner> ref : refs) {
                    PluginDataOwner owner = context.getService(ref);
                    if (owner != null) {
                        owners.add(owner);
                    }
                }
                lifecycle.purge(id, owners);
            } finally {
                for (ServiceReference<PluginDataOwner> ref : refs) {
                    context.ungetService(ref);
                }
            }
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
     * Lists the plugins in error (and awaiting approval) on the readiness report without making
     * DevRig unready: a broken plugin is the plugin's problem, and disabling it is the admin's call.
     */
    private final class PluginsHealth implements io.devrig.api.health.HealthCheck {

        @Override
        public String name() {
            return "plugins";
        }

        @Override
        public io.devrig.api.health.HealthResult check() {
            Map<String, PluginState> states = lifecycle.states(); // from memory: cheap, never waits for the host thread
            List<String> failed = states.entrySet().stream().filter(e -> e.getValue() == PluginState.ERROR)
                    .map(Map.Entry::getKey).toList();
            List<String> waiting = states.entrySet().stream().filter(e -> e.getValue() == PluginState.AWAITING_APPROVAL)
                    .map(Map.Entry::getKey).toList();
            String message = states.size() + " plugins" + (failed.isEmpty() ? "" : ", in error: " + String.join(", ", failed))
                    + (waiting.isEmpty() ? "" : ", awaiting approval: " + String.join(", ", waiting));
            return new io.devrig.api.health.HealthResult(io.devrig.api.health.HealthStatus.UP, message,
                    Map.of("error", failed, "awaitingApproval", waiting));
        }
    }

    /**
     * The walls around plugins, for service lookups and service events alike:
     * <ul>
     * <li>a plugin sees only its own services and the SDK services core bundles register for
     * plugins (types in {@code io.devrig.api.plugin.sdk}); no Database, vault, Config Admin,
     * other plugins' services. DS resolves a plugin's references through the plugin's own
     * context, so a reference to anything else stays unsatisfied;</li>
     * <li>other bundles see a plugin's service only when the plugin is active and the service
     * carries a {@code devrig.capability} its descriptor declares (pages: only the host, which
     * serves them), or it is an event handler of a plugin holding events:subscribe.</li>
     * </ul>
     */
    private final class CapabilityHooks implements FindHook, EventListenerHook {

        private boolean hidden(ServiceReference<?> ref, BundleContext viewer) {
            Bundle owner = ref.getBundle();
            if (owner == null || viewer == null) {
                return false;
            }
            Bundle viewerBundle = viewer.getBundle();
            long viewerId = viewerBundle.getBundleId();
            if (viewerId == 0 || viewerId == owner.getBundleId()) {
                return false;
            }
            boolean ownerIsPlugin = isPluginBundle(owner);
            if (isPluginBundle(viewerBundle)) {
                // a plugin sees the SDK the core offers it, nothing else of anyone
                return ownerIsPlugin || !isSdk(ref);
            }
            if (!ownerIsPlugin || viewerId == context.getBundle().getBundleId()) {
                return false;
            }
            if (!lifecycle.isPlugin(owner.getBundleId())) {
                return true; // a plugin bundle the host has not judged yet: hidden until it has
            }
            String capability = capability(ref);
            if (capability == null) {
                // an event handler reaches Event Admin only with events:subscribe; anything else never
                return !(isEventHandler(ref) && lifecycle.mayReceiveEvents(owner.getBundleId()));
            }
            if (capability.startsWith(PAGE_PREFIX)) {
                return true; // the HTTP whiteboard never sees a plugin's servlet; the host serves it
            }
            return !lifecycle.visible(owner.getBundleId(), capability);
        }

        private boolean isSdk(ServiceReference<?> ref) {
            if (ref.getProperty("objectClass") instanceof String[] names) {
                for (String name : names) {
                    if (name.startsWith(SDK_PACKAGE) && name.indexOf('.', SDK_PACKAGE.length()) < 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean isEventHandler(ServiceReference<?> ref) {
            Object classes = ref.getProperty("objectClass");
            if (classes instanceof String[] names) {
                for (String name : names) {
                    if (name.equals(EVENT_HANDLER)) {
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
            listeners.keySet().removeIf(viewer -> hidden(ref, viewer));
        }
    }
}
