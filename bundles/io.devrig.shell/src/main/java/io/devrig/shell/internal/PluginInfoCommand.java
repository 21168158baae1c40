package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** {@code devrig:plugin}. */
@Command(scope = "devrig", name = "plugin",
        description = "Shows one plugin: descriptor, state, permissions, capabilities declared versus published (with"
                + " the reason for each mismatch: an unsatisfied or failed component, a stopped bundle, a missing or"
                + " undeclared devrig.capability), error, call figures, breaker, and whether it is watched.")
@Service
public class PluginInfoCommand extends PluginIdAction {

    @Reference
    BundleContext bundleContext;

    // optional: without them the capabilities are shown as declared, the watch as off
    @Reference(optional = true)
    ServiceComponentRuntime scr;

    @Reference(optional = true)
    ConfigurationAdmin config;

    @Override
    public Object execute() throws Exception {
        run(new PluginCommands(admin, out, bundleContext == null ? null
                : new OsgiPluginRuntime(bundleContext, scr, config)), id);
        return null;
    }

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.show(pluginId);
    }
}
