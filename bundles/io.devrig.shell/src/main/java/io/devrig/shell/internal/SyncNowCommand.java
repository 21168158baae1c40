package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:sync-now}. */
@Command(scope = "devrig", name = "sync-now",
        description = "Starts a sync of one data source now (quiet hours and backoff do not apply; the concurrency limit does).")
@Service
public class SyncNowCommand extends SyncAction {

    @Argument(index = 0, name = "plugin", required = true, description = "The plugin id (see devrig:sync-status)")
    @Completion(PluginIdCompleter.class)
    String plugin;

    @Argument(index = 1, name = "dataSource", required = true, description = "The data source id (see devrig:sync-status)")
    String dataSource;

    @Override
    void run(SyncCommands commands) throws CommandException {
        commands.syncNow(plugin, dataSource);
    }
}
