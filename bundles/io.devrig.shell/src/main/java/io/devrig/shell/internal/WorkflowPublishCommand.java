package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:workflow-publish}. */
@Command(scope = "devrig", name = "workflow-publish",
        description = "Publishes a workflow's draft as its next version, after validating it in full (missing action types are errors).")
@Service
public class WorkflowPublishCommand extends WorkflowIdAction {

    @Option(name = "--message", aliases = "-m", description = "What changed, kept with the version")
    String message;

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.publish(id, message);
    }
}
