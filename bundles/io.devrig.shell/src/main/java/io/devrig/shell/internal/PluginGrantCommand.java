package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:plugin-grant}: grants what the plugin asks for and prints its new state. */
@Command(scope = "devrig", name = "plugin-grant",
        description = "Grants a plugin every permission it asks for; a plugin awaiting approval becomes active.")
@Service
public class PluginGrantCommand extends PluginIdAction {

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.grant(pluginId);
    }
}
