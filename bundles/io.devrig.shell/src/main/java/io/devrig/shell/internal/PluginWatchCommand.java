package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@code devrig:plugin-watch}: the development watch, kept across restarts (unlike bundle:watch). */
@Command(scope = "devrig", name = "plugin-watch", description = "Watches a plugin's jar (its mvn: artifact in the local"
        + " Maven repository, or its file: location) and updates the plugin when it changes, then logs 'plugin <id>"
        + " updated' and syncs its data sources. Kept in configuration io.devrig.plugin.watch, so it survives restarts."
        + " Without an id: lists the watched plugins.")
@Service
public class PluginWatchCommand implements Action {

    // optional, as everywhere in this bundle: the commands stay registered and say what is missing
    @Reference(optional = true)
    PluginAdmin admin;

    @Reference(optional = true)
    ConfigurationAdmin config;

    @Argument(index = 0, name = "id", required = false, description = "The plugin's id (its bundle symbolic name)")
    @Completion(PluginIdCompleter.class)
    String id;

    @Argument(index = 1, name = "--off", required = false, description = "--off after the id: stop watching it")
    String trailing;

    @Option(name = "--off", description = "Stop watching the plugin")
    boolean off;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        // Karaf reads options only before the first argument: "plugin-watch <id> --off" arrives as
        // a second argument, taken here for the option
        if (trailing != null && !trailing.equals("--off")) {
            throw ErrorLine.of("unexpected argument '" + trailing + "'; use devrig:plugin-watch [--off] <id>");
        }
        new PluginCommands(admin, out).watch(new OsgiPluginRuntime(null, null, config), id, off || trailing != null);
        return null;
    }
}
