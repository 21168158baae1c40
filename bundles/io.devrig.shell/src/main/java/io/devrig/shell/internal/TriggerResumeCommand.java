package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:trigger-resume}. */
@Command(scope = "devrig", name = "trigger-resume", description = "Resumes a paused trigger.")
@Service
public class TriggerResumeCommand extends TriggerIdAction {

    @Override
    void run(TriggerCommands commands) throws CommandException {
        commands.resume(triggerId);
    }
}
