package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-unsnooze}. */
@Command(scope = "devrig", name = "inbox-unsnooze",
        description = "Brings snoozed items back to the inbox now and prints how many changed. Fails naming ids that are not found.")
@Service
public class InboxUnsnoozeCommand extends InboxIdsAction {

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.unsnooze(ids);
    }
}
