package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Tab completion of inbox item ids: the {@value #RECENT} items changed last, in any status
 * (archived ones too, for {@code inbox-archive --undo}); older ones can still be typed.
 */
@Service
public class InboxItemIdCompleter implements Completer {

    static final int RECENT = 100;

    // optional, as in the commands: a mandatory reference would hold back every command of this bundle
    @Reference(optional = true)
    Inbox inbox;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (inbox == null) {
            return -1;
        }
        StringsCompleter ids = new StringsCompleter();
        try {
            for (InboxItem i : inbox.list(recent())) {
                if (i.id() != null) {
                    ids.getStrings().add(i.id());
                }
            }
        } catch (DevRigException e) {
            // offer nothing rather than print an error mid-line
            return -1;
        }
        return ids.complete(session, commandLine, candidates);
    }

    /** The {@value #RECENT} items changed last, in every status. */
    static InboxQuery recent() {
        return InboxQuery.all().withStatuses(List.of(InboxStatus.values())).withPage(RECENT, 0)
                .withOrder(InboxQuery.Order.UPDATED);
    }
}
