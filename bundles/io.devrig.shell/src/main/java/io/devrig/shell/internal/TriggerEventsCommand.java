package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:trigger-events}. */
@Command(scope = "devrig", name = "trigger-events",
        description = "Lists a trigger's newest fires: when, event id, outcome (started, duplicate, refused), run, "
                + "deduplication key and why nothing started.")
@Service
public class TriggerEventsCommand extends TriggerIdAction {

    @Option(name = "--limit", aliases = "-n", description = "At most this many fires, 1 to 1000 (default 20)")
    String limit;

    @Override
    void run(TriggerCommands commands) throws CommandException {
        commands.events(triggerId, FlowText.wholeNumber(limit, "--limit", 1, 1000, TriggerCommands.DEFAULT_EVENTS));
    }
}
