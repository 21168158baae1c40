package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code devrig:inbox}. */
@Command(scope = "devrig", name = "inbox",
        description = "Lists inbox items (all but archived unless --status says otherwise): id, plugin, type, priority,"
                + " status, * when actionable, title, last update (UTC); then how many of how many match.")
@Service
public class InboxListCommand extends InboxFilterAction {

    @Option(name = "--order", aliases = "-o",
            description = "created (newest first, the default), updated (latest change first) or priority (most urgent first)")
    @Completion(value = StringsCompleter.class, values = {"created", "updated", "priority"})
    String order;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.list(query(InboxText.order(order)));
    }
}
