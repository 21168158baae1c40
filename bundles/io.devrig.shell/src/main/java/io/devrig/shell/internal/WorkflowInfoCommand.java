package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:workflow}. */
@Command(scope = "devrig", name = "workflow",
        description = "Shows one workflow: name, description, enabled, draft state and the draft's missing action types, and its published versions.")
@Service
public class WorkflowInfoCommand extends WorkflowIdAction {

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.show(id);
    }
}
