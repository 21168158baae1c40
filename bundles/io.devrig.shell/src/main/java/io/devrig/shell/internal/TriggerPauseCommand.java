package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:trigger-pause}. */
@Command(scope = "devrig", name = "trigger-pause", description = "Pauses a trigger: its handler stops and it stays paused across restarts and new versions.")
@Service
public class TriggerPauseCommand extends TriggerIdAction {

    @Override
    void run(TriggerCommands commands) throws CommandException {
        commands.pause(triggerId);
    }
}
