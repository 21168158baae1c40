package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.BundleContext;

/** {@code devrig:plugin-update}: bundle:update by plugin id. */
@Command(scope = "devrig", name = "plugin-update", description = "Reloads a plugin from the location it was installed"
        + " from (its mvn: artifact, e.g. after mvn install, or its file), as bundle:update does; the host then logs"
        + " 'plugin <id> updated: <old> -> <new>, capabilities: ...' and syncs its data sources.")
@Service
public class PluginUpdateCommand extends PluginIdAction {

    @Reference
    BundleContext bundleContext;

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.update(new OsgiPluginRuntime(bundleContext, null, null), pluginId);
    }
}
