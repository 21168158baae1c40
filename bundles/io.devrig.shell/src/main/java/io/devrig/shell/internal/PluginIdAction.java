package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/**
 * The part every {@code devrig:plugin-* <id>} command shares: the plugin host reference
 * and the completed id argument (Karaf injects and parses fields of superclasses too).
 */
abstract class PluginIdAction implements Action {

    // optional: the commands stay registered while the plugin host is down, and say so
    @Reference(optional = true)
    PluginAdmin admin;

    @Argument(index = 0, name = "id", required = true, description = "The plugin's id (its bundle symbolic name)")
    @Completion(PluginIdCompleter.class)
    String id;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(new PluginCommands(admin, out), id);
        return null;
    }

    abstract void run(PluginCommands commands, String pluginId) throws CommandException;
}
