package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:sync-status}. */
@Command(scope = "devrig", name = "sync-status",
        description = "Every data source of every plugin: state, enabled, last and next sync, consecutive failures, items synced, last error.")
@Service
public class SyncStatusCommand extends SyncAction {

    @Override
    void run(SyncCommands commands) throws CommandException {
        commands.status();
    }
}
