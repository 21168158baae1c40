package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-stats}. */
@Command(scope = "devrig", name = "inbox-stats",
        description = "Inbox figures over the items not archived: unread, actionable, created in the last 24 h, and items per plugin and per priority.")
@Service
public class InboxStatsCommand extends InboxAction {

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.stats();
    }
}
