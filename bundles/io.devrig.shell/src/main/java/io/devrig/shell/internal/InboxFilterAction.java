package io.devrig.shell.internal;

import io.devrig.api.inbox.InboxQuery;
import java.util.List;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The filters {@code inbox} and {@code inbox-search} share (Karaf parses superclass options too). */
abstract class InboxFilterAction extends InboxAction {

    @Option(name = "--status", aliases = "-s", multiValued = true,
            description = "Only items in this state: unread, read, archived or snoozed; repeat it or give a comma list"
                    + " for several (default: all but archived)")
    @Completion(value = StringsCompleter.class, values = {"unread", "read", "archived", "snoozed"})
    List<String> statuses;

    @Option(name = "--priority", multiValued = true,
            description = "Only items of this priority: urgent, high, normal or low; repeat it or give a comma list")
    @Completion(value = StringsCompleter.class, values = {"urgent", "high", "normal", "low"})
    List<String> priorities;

    @Option(name = "--plugin", description = "Only this plugin's items (its id, see devrig:plugins)")
    @Completion(PluginIdCompleter.class)
    String plugin;

    @Option(name = "--type", aliases = "-t", multiValued = true,
            description = "Only items of this type, e.g. pull_request; repeat it for several")
    @Completion(InboxTypeCompleter.class)
    List<String> types;

    @Option(name = "--actionable", aliases = "-a", description = "Only items that need your action")
    boolean actionable;

    @Option(name = "--limit", aliases = "-n", description = "At most this many items, 1 to 500 (default 50)")
    String limit;

    @Option(name = "--offset", description = "Skip this many items first (default 0)")
    String offset;

    /** The query the options describe, in {@code order} (null: newest first). */
    InboxQuery query(InboxQuery.Order order) throws CommandException {
        int n = FlowText.wholeNumber(limit, "--limit", 1, InboxCommands.MAX_LIMIT, InboxCommands.DEFAULT_LIMIT);
        int skip = FlowText.wholeNumber(offset, "--offset", 0, 1_000_000, 0);
        return InboxQuery.all()
                .withStatuses(InboxText.statuses(statuses))
                .withPriorities(InboxText.priorities(priorities))
                .withTypes(InboxText.types(types))
                .withPlugin(plugin == null || plugin.isBlank() ? null : plugin.strip())
                .withActionable(actionable ? Boolean.TRUE : null)
                .withPage(n, skip)
                .withOrder(order);
    }
}
