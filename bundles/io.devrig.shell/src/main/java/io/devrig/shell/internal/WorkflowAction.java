package io.devrig.shell.internal;

import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.Workflows;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part every {@code devrig:workflow*} command shares: the services (Karaf injects superclass fields too). */
abstract class WorkflowAction implements Action {

    // optional: the commands stay registered while the flow bundle is down, and say so
    @Reference(optional = true)
    Workflows workflows;

    @Reference(optional = true)
    WorkflowDefinitions definitions;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(new WorkflowCommands(workflows, definitions, out));
        return null;
    }

    abstract void run(WorkflowCommands commands) throws CommandException;
}
