package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:plugin-purge}: stops a plugin and prints its new state. */
@Command(scope = "devrig", name = "plugin-purge",
        description = "Deletes an uninstalled plugin and its data (settings, grants, storage). Uninstalling alone keeps them.")
@Service
public class PluginPurgeCommand implements Action {

    // optional: the commands stay registered while the plugin host is down, and say so
    @Reference(optional = true)
    PluginAdmin admin;

    @Argument(index = 0, name = "id", required = true, description = "The plugin's id (its bundle symbolic name)")
    @Completion(PluginIdCompleter.class)
    String id;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new PluginCommands(admin, out).purge(id);
        return null;
    }
}
