package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItem;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Tab completion of item types: the types of the items changed last (the inbox has no list
 * of types; plugins name them freely). Others can still be typed.
 */
@Service
public class InboxTypeCompleter implements Completer {

    // optional, as in the commands: a mandatory reference would hold back every command of this bundle
    @Reference(optional = true)
    Inbox inbox;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (inbox == null) {
            return -1;
        }
        StringsCompleter types = new StringsCompleter();
        try {
            for (InboxItem i : inbox.list(InboxItemIdCompleter.recent())) {
                if (i.type() != null && !i.type().isBlank()) {
                    types.getStrings().add(i.type());
                }
            }
        } catch (DevRigException e) {
            // offer nothing rather than print an error mid-line
            return -1;
        }
        return types.complete(session, commandLine, candidates);
    }
}
