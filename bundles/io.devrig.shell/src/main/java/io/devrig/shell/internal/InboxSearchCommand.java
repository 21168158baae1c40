package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-search}. */
@Command(scope = "devrig", name = "inbox-search",
        description = "Full-text search over titles, bodies and previews, best match first: rank (lower is better),"
                + " id, plugin, status, title and a snippet with the matches in [brackets]. Takes the filters of devrig:inbox.")
@Service
public class InboxSearchCommand extends InboxFilterAction {

    @Argument(index = 0, name = "query", required = true,
            description = "What to find (FTS5 syntax: words, \"a phrase\", prefix*, AND/OR/NOT); quote it in single quotes when it has blanks")
    String text;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.search(text, query(null));
    }
}
