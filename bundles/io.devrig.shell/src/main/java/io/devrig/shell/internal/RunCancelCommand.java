package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:run-cancel}. */
@Command(scope = "devrig", name = "run-cancel",
        description = "Cancels a pending or running run: its running actions are interrupted and it ends cancelled.")
@Service
public class RunCancelCommand extends RunIdAction {

    @Override
    void run(RunCommands commands) throws CommandException {
        commands.cancel(runId);
    }
}
