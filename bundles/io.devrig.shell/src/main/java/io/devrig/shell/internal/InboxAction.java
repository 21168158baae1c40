package io.devrig.shell.internal;

import io.devrig.api.inbox.Inbox;
import io.devrig.api.time.DevRigClock;
import java.io.PrintStream;
import java.time.ZoneId;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part every {@code devrig:inbox*} command shares: the service (Karaf injects superclass fields too). */
abstract class InboxAction implements Action {

    // optional: the commands stay registered while the inbox is down, and say so
    @Reference(optional = true)
    Inbox inbox;

    PrintStream out = System.out;

    // the wall clock and the system time zone ("tomorrow" and local snooze times); tests fix both
    DevRigClock clock = DevRigClock.system();
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Object execute() throws Exception {
        run(new InboxCommands(inbox, out, clock, zone));
        return null;
    }

    abstract void run(InboxCommands commands) throws CommandException;
}
