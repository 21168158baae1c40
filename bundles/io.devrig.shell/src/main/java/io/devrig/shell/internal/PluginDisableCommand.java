package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:plugin-disable}. */
@Command(scope = "devrig", name = "plugin-disable",
        description = "Stops a plugin and keeps it stopped across restarts; its data, settings and grants stay.")
@Service
public class PluginDisableCommand extends PluginIdAction {

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.disable(pluginId);
    }
}
