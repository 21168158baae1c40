package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-show}. */
@Command(scope = "devrig", name = "inbox-show",
        description = "Shows every field of one inbox item: source, state, times (UTC), AI fields when set, its body and its metadata as indented JSON.")
@Service
public class InboxShowCommand extends InboxAction {

    @Argument(index = 0, name = "id", required = true, description = "The item's id (see devrig:inbox)")
    @Completion(InboxItemIdCompleter.class)
    String id;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.show(id);
    }
}
