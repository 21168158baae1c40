package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-archive}. */
@Command(scope = "devrig", name = "inbox-archive",
        description = "Archives items (or, with --undo, moves them back to the inbox as read) and prints how many"
                + " changed. Fails naming ids that are not found.")
@Service
public class InboxArchiveCommand extends InboxIdsAction {

    @Option(name = "--undo", description = "Unarchive: move the items back to the inbox")
    boolean undo;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.archive(ids, undo);
    }
}
