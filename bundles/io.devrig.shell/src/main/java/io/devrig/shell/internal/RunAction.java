package io.devrig.shell.internal;

import io.devrig.api.flow.WorkflowRuns;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part every run command shares: the engine (Karaf injects superclass fields too). */
abstract class RunAction implements Action {

    // optional: the commands stay registered while the engine is down, and say so
    @Reference(optional = true)
    WorkflowRuns runs;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(commands());
        return null;
    }

    RunCommands commands() {
        return new RunCommands(runs, out);
    }

    abstract void run(RunCommands commands) throws CommandException;
}
