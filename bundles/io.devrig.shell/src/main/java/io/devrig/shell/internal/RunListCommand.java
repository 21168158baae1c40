package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** {@code devrig:runs}. */
@Command(scope = "devrig", name = "runs",
        description = "Lists the newest workflow runs: run id, workflow, version, status, started (UTC), duration.")
@Service
public class RunListCommand extends RunAction {

    @Option(name = "--workflow", aliases = "-w", description = "Only this workflow's runs")
    @Completion(WorkflowIdCompleter.class)
    String workflow;

    @Option(name = "--status", aliases = "-s",
            description = "Only runs in this state: pending, running, completed, failed, cancelled or timed_out")
    @Completion(value = StringsCompleter.class,
            values = {"pending", "running", "completed", "failed", "cancelled", "timed_out"})
    String status;

    @Option(name = "--limit", aliases = "-n", description = "At most this many runs, 1 to 1000 (default 50)")
    String limit;

    @Override
    void run(RunCommands commands) throws CommandException {
        commands.list(workflow, FlowText.runStatus(status),
                FlowText.wholeNumber(limit, "--limit", 1, 1000, RunCommands.DEFAULT_LIMIT));
    }
}
