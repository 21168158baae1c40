package io.devrig.shell.internal;

import io.devrig.api.trigger.TriggerManager;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part every trigger command shares: the manager (Karaf injects superclass fields too). */
abstract class TriggerAction implements Action {

    // optional: the commands stay registered while the manager is down, and say so
    @Reference(optional = true)
    TriggerManager manager;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(new TriggerCommands(manager, out));
        return null;
    }

    abstract void run(TriggerCommands commands) throws CommandException;
}
