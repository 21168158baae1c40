package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:trigger}. */
@Command(scope = "devrig", name = "trigger", description = "Shows one trigger: its workflow version, type, state (and why it waits), counters, last and next fire, last error.")
@Service
public class TriggerShowCommand extends TriggerIdAction {

    @Override
    void run(TriggerCommands commands) throws CommandException {
        commands.show(triggerId);
    }
}
