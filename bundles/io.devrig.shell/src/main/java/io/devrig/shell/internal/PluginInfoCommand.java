package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:plugin}. */
@Command(scope = "devrig", name = "plugin",
        description = "Shows one plugin: descriptor, state, permissions, capabilities, error, call figures and breaker.")
@Service
public class PluginInfoCommand extends PluginIdAction {

    @Override
    void run(PluginCommands commands, String pluginId) throws CommandException {
        commands.show(pluginId);
    }
}
