package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:plugin-enable}. */
@Command(scope = "devrig", name = "plugin-enable",
        description = "Starts a disabled plugin again; it becomes active, or awaits approval if it needs more permissions.")
@Service
public class PluginEnableCommand extends PluginIdAction {

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.enable(pluginId);
    }
}
