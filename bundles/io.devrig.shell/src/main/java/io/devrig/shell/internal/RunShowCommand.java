package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:run-show}. */
@Command(scope = "devrig", name = "run-show",
        description = "Shows a run: status, version, correlation id and error, its node timeline, and its last log lines.")
@Service
public class RunShowCommand extends RunIdAction {

    @Option(name = "--logs", aliases = "-l", description = "How many of the last log lines to show, 0 to 10000 (default 20)")
    String logs;

    @Override
    void run(RunCommands commands) throws CommandException {
        commands.show(runId, FlowText.wholeNumber(logs, "--logs", 0, 10_000, RunCommands.DEFAULT_LOG_LINES));
    }
}
