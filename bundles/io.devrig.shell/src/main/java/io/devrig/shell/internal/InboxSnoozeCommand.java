package io.devrig.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-snooze}. */
@Command(scope = "devrig", name = "inbox-snooze",
        description = "Hides items until a time; they come back unread then. The time is the last argument: an ISO-8601"
                + " time (2026-11-24T09:00:00Z; without offset: system time zone), a duration (30m, 2h, 1d, 1w) or"
                + " tomorrow (09:00 the next day, system time zone). Times not in the future are refused.")
@Service
public class InboxSnoozeCommand extends InboxAction {

    // Karaf allows a multi-valued argument only last, so the ids and the time share it
    @Argument(index = 0, name = "ids... until", required = true, multiValued = true,
            description = "One or more item ids, then the time: 2026-11-24T09:00:00Z, 30m, 2h, 1d, 1w or tomorrow")
    @Completion(InboxItemIdCompleter.class)
    List<String> args;

    @Override
    void run(InboxCommands commands) throws CommandException {
        if (args == null || args.size() < 2) {
            throw ErrorLine.of("give one or more item ids and then the time, e.g. devrig:inbox-snooze <id> 2h");
        }
        commands.snooze(args.subList(0, args.size() - 1), args.get(args.size() - 1));
    }
}
