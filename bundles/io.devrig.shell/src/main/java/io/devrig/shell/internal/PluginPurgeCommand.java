package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:plugin-purge}. */
@Command(scope = "devrig", name = "plugin-purge",
        description = "Deletes an uninstalled plugin and its data (settings, grants, storage). Uninstalling alone keeps them.")
@Service
public class PluginPurgeCommand extends PluginIdAction {

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.purge(pluginId);
    }
}
