package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:triggers}. */
@Command(scope = "devrig", name = "triggers", description = "Lists every trigger: id, workflow, version, type, state, fires, errors, last and next fire (UTC).")
@Service
public class TriggerListCommand extends TriggerAction {

    @Override
    void run(TriggerCommands commands) throws CommandException {
        commands.list();
    }
}
