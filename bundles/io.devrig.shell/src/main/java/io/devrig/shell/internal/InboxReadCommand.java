package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-read}. */
@Command(scope = "devrig", name = "inbox-read",
        description = "Marks items read (or unread with --unread) and prints how many changed; archived and snoozed"
                + " items stay as they are. Fails naming ids that are not found.")
@Service
public class InboxReadCommand extends InboxIdsAction {

    @Option(name = "--unread", aliases = "-u", description = "Mark the items unread again")
    boolean unread;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.markRead(ids, !unread);
    }
}
