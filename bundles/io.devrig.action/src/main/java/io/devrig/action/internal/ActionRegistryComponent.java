package io.devrig.action.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionHook;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.template.TemplateEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link ActionRegistry}: the whiteboard of {@link ActionExecutor} and
 * {@link ActionHook} services feeding an {@link ActionRegistryImpl}. An executor from a
 * bundle with the {@code DevRig-Plugin} header belongs to that plugin (its symbolic name)
 * and runs through the {@link PluginInvoker}; any other is built in. A plugin's executor
 * supplies behaviour only: its descriptor comes from the plugin's {@code plugin.json} as the
 * plugin host ({@link PluginAdmin#descriptor}) accepted it ({@link DeclaredAction}).
 */
@Component(service = ActionRegistry.class)
public final class ActionRegistryComponent implements ActionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRegistryComponent.class);

    private final ActionRegistryImpl registry;
    /** Plugin executors seen before the plugin host answered for their plugin, by service id. */
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private PluginAdmin admin; // guarded by this

    private record Waiting(ActionExecutor executor, ServiceReference<ActionExecutor> ref) {
    }

    // optional: built-in actions work without io.devrig.plugin (core-only setups, early startup)
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginInvoker invoker;

    @Activate
    public ActionRegistryComponent(@Reference(name = "templates") TemplateEngine templates) {
        this.registry = new ActionRegistryImpl(templates, () -> invoker);
    }

    @Deactivate
    void deactivate() {
        registry.close();
    }

    // optional: plugin actions need it for their descriptors; built-in ones do not
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindAdmin")
    synchronized void bindAdmin(PluginAdmin value) {
        this.admin = value;
        settle();
    }

    /**
     * Takes up the executors that arrived before the plugin host knew their plugin. The host
     * may learn of a plugin after the plugin's services are registered (a bundle starting at
     * boot while the host is still reading the others), so every read of the registry asks
     * again while any executor waits; with none waiting this is one isEmpty() check.
     */
    private void settle() {
        if (waiting.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (admin == null) {
                return;
            }
            List<Waiting> retry = List.copyOf(waiting.values());
            waiting.clear();
            retry.forEach(w -> addExecutor(w.executor(), w.ref()));
        }
    }

    synchronized void unbindAdmin(PluginAdmin value) {
        if (this.admin == value) {
            this.admin = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeExecutor", updated = "updatedExecutor")
    synchronized void addExecutor(ActionExecutor executor, ServiceReference<ActionExecutor> ref) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return; // unregistered meanwhile
        }
        String pluginId = pluginId(bundle.getSymbolicName(), bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER));
        Object capability = ref.getProperty(PluginConstants.CAPABILITY_PROPERTY);
        ActionExecutor described = executor;
        if (pluginId != null) {
            Optional<PluginDescriptor> declared = admin == null ? Optional.empty() : admin.descriptor(pluginId);
            if (declared.isEmpty()) {
                waiting.put(serviceId(ref), new Waiting(executor, ref)); // until the plugin host is there
                return;
            }
            if (DeclaredAction.describesItself(executor.getClass())) {
                LOG.error("Refusing action executor service {} of plugin {} ({}): it implements descriptor(), but a"
                        + " plugin's action is described only in its plugin.json (capabilities.actions: name,"
                        + " inputSchema file, ...); remove descriptor()", serviceId(ref), pluginId,
                        executor.getClass().getName());
                return;
            }
            Optional<ActionExecutor> matched = DeclaredAction.of(executor, declared.get(), capability);
            if (matched.isEmpty()) {
                // the plugin host hides such a service and puts the plugin in error; this is the fallback
                LOG.warn("Ignoring action executor service {} of plugin {}: its {} property ({}) names no action of"
                        + " its descriptor", serviceId(ref), pluginId, PluginConstants.CAPABILITY_PROPERTY, capability);
                return;
            }
            described = matched.get();
        }
        registry.addExecutor(described, pluginId, capability, ranking(ref), serviceId(ref), bundle.getSymbolicName());
    }

    void updatedExecutor(ActionExecutor executor, ServiceReference<ActionExecutor> ref) {
        // the ranking (or capability) may have changed: re-enter it
        registry.removeExecutor(serviceId(ref));
        addExecutor(executor, ref);
    }

    void removeExecutor(ServiceReference<ActionExecutor> ref) {
        waiting.remove(serviceId(ref));
        registry.removeExecutor(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHook", updated = "updatedHook")
    void addHook(ActionHook hook, ServiceReference<ActionHook> ref) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return; // unregistered meanwhile
        }
        String pluginId = pluginId(bundle.getSymbolicName(), bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER));
        if (pluginId == null) {
            registry.addHook(hook, ranking(ref), serviceId(ref)); // core hooks are called directly
        } else {
            // plugin code: its threads, time limit and breaker (the host shows only declared hooks)
            registry.addPluginHook(hook, pluginId, String.valueOf(ref.getProperty(PluginConstants.CAPABILITY_PROPERTY)),
                    ranking(ref), serviceId(ref));
        }
    }

    void updatedHook(ActionHook hook, ServiceReference<ActionHook> ref) {
        addHook(hook, ref); // replaces the entry of that service id
    }

    void removeHook(ServiceReference<ActionHook> ref) {
        registry.removeHook(serviceId(ref));
    }

    /** The plugin id of a bundle: its symbolic name when it carries the plugin header, else null (built in). */
    static String pluginId(String symbolicName, String pluginHeader) {
        return pluginHeader != null && symbolicName != null ? symbolicName : null;
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    @Override
    public List<ActionDescriptor> list() {
        settle();
        return registry.list();
    }

    @Override
    public List<ActionDescriptor> listByCategory(String category) {
        settle();
        return registry.listByCategory(category);
    }

    @Override
    public Optional<ActionDescriptor> descriptor(String type) {
        settle();
        return registry.descriptor(type);
    }

    @Override
    public Optional<String> pluginId(String type) {
        settle();
        return registry.pluginId(type);
    }

    @Override
    public List<String> validateConfig(String type, Map<String, Object> config) {
        settle();
        return registry.validateConfig(type, config);
    }

    @Override
    public Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config) {
        settle();
        return registry.migrateConfig(type, fromVersion, config);
    }

    @Override
    public ActionOutcome execute(ActionInvocation invocation) {
        settle();
        return registry.execute(invocation);
    }

    @Override
    public Object resolve(Map<String, Object> config, Map<String, Object> data) {
        return registry.resolve(config, data);
    }

    @Override
    public List<ActionMetrics> metrics() {
        return registry.metrics();
    }
}
