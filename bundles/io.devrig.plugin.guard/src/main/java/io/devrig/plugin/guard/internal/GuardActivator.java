package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PreApprovals;

import io.devrig.plugin.guard.PluginGuard;
import io.devrig.plugin.guard.runtime.Checks;
import java.io.File;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the guard's hooks before any plugin can resolve (a BundleActivator, not DS:
 * the distribution starts this bundle at start level 9, before anything can resolve a plugin,
 * without waiting for SCR or the database), installs the checks' policy and catches up on plugin bundles that
 * resolved without being admitted.
 */
public final class GuardActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(GuardActivator.class);

    private ServiceTracker<Object, Object> configAdmin;
    private ServiceRegistration<?> hooks;
    private ServiceRegistration<?> config;

    @Override
    public void start(BundleContext context) {
        configAdmin = new ServiceTracker<>(context, "org.osgi.service.cm.ConfigurationAdmin", null);
        configAdmin.open();
        File data = context.getDataFile("admissions.properties");
        AdmissionStore store = new AdmissionStore(data == null ? new File("devrig-plugin-admissions.properties").toPath() : data.toPath());
        Guard guard = new Guard(context, store, this::preApprovals);
        Checks.install(guard);
        hooks = context.registerService(new String[] {PluginGuard.class.getName(), ResolverHookFactory.class.getName(),
                WeavingHook.class.getName()}, guard, null);
        try {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_PID, GuardConfig.PID);
            config = context.registerService("org.osgi.service.cm.ManagedService", new GuardConfig(guard), props);
        } catch (LinkageError e) {
            LOG.info("no Config Admin: plugins may use only the built-in package list");
        }
        catchUp(context, guard);
    }

    /**
     * Plugin bundles resolved before the guard started were resolved without its resolver
     * hook and may have loaded classes without its weaving hook (at boot there are none: the
     * guard starts first). Unadmitted ones are stopped; all are refreshed, so admitted ones
     * that were active start again, resolved and woven under the guard.
     */
    private static void catchUp(BundleContext context, Guard guard) {
        List<Bundle> resolved = guard.resolvedPlugins();
        if (resolved.isEmpty()) {
            return;
        }
        List<String> stopped = new java.util.ArrayList<>();
        for (Bundle b : resolved) {
            if (!guard.mayResolve(b.getSymbolicName(), b)) {
                try {
                    b.stop(Bundle.STOP_TRANSIENT);   // transient: it starts again at boot once admitted
                    stopped.add(b.getSymbolicName());
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("cannot stop unadmitted plugin {}: {}", b.getSymbolicName(), e.toString());
                }
            }
        }
        LOG.warn("plugins resolved before the plugin guard started are refreshed: {}; not admitted, so stopped: {}",
                resolved.stream().map(Bundle::getSymbolicName).toList(), stopped);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(resolved);
    }

    private PreApprovals preApprovals() {
        Object cm = configAdmin == null ? null : configAdmin.getService();
        if (cm == null) {
            return PreApprovals.NONE;
        }
        return PreApprovalReader.read(cm);
    }

    @Override
    public void stop(BundleContext context) {
        if (config != null) {
            config.unregister();
        }
        hooks.unregister();
        Checks.install(null);
        configAdmin.close();
    }
}
