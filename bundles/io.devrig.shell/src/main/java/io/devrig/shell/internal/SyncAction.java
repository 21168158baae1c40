package io.devrig.shell.internal;

import io.devrig.api.sync.SyncScheduler;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part every {@code devrig:sync-*} command shares: the service (Karaf injects superclass fields too). */
abstract class SyncAction implements Action {

    // optional: the commands stay registered while the scheduler is down, and say so
    @Reference(optional = true)
    SyncScheduler scheduler;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(new SyncCommands(scheduler, out));
        return null;
    }

    abstract void run(SyncCommands commands) throws CommandException;
}
