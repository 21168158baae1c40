package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:sync-config}. */
@Command(scope = "devrig", name = "sync-config",
        description = "Changes a data source's sync settings from one JSON object in single quotes: intervalMs (at least"
                + " 30000), enabled, quietHours {\"start\":\"22:00\",\"end\":\"07:00\",\"zone\":\"Europe/Berlin\"}."
                + " Settings not given stay as they are. What the data source reads (folders, repositories, API URL) is"
                + " the plugin's settings: devrig:plugin-config <plugin> '<json>'.")
@Service
public class SyncConfigCommand extends SyncAction {

    @Argument(index = 0, name = "plugin", required = true, description = "The plugin id")
    @Completion(PluginIdCompleter.class)
    String plugin;

    @Argument(index = 1, name = "dataSource", required = true, description = "The data source id")
    String dataSource;

    @Argument(index = 2, name = "json", required = true,
            description = "The settings, e.g. '{\"intervalMs\": 600000, \"enabled\": true}'")
    String json;

    @Override
    void run(SyncCommands commands) throws CommandException {
        commands.configure(plugin, dataSource, json);
    }
}
