package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:workflows}: one row per workflow. */
@Command(scope = "devrig", name = "workflows",
        description = "Lists the workflows: id, name, latest published version, enabled, draft state (none, same as vN, changed), last update (UTC).")
@Service
public class WorkflowListCommand extends WorkflowAction {

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.list();
    }
}
