package io.devrig.shell.internal;

import io.devrig.api.flow.Workflows;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:run-show}. */
@Command(scope = "devrig", name = "run-show",
        description = "Shows a run: status, version, correlation id and error, its node timeline (nodes it never reached"
                + " too), each node's input and output (secret-looking members masked), and its last log lines.")
@Service
public class RunShowCommand extends RunIdAction {

    @Option(name = "--logs", aliases = "-l", description = "How many of the last log lines to show, 0 to 10000 (default 20)")
    String logs;

    @Option(name = "--full", description = "Print node inputs and outputs whole (else cut at 1000 characters)")
    boolean full;

    // optional: without it, nodes the run never reached are not listed
    @Reference(optional = true)
    Workflows workflows;

    @Override
    void run(RunCommands commands) throws CommandException {
        commands.show(runId, FlowText.wholeNumber(logs, "--logs", 0, 10_000, RunCommands.DEFAULT_LOG_LINES), full);
    }

    @Override
    RunCommands commands() {
        return new RunCommands(runs, out, (id, version) -> {
            if (workflows == null) {
                return List.of();
            }
            try {
                return workflows.version(id, version).map(d -> d.nodes().stream()
                        .map(n -> new RunCommands.PlannedNode(n.id(), n.actionType() != null ? n.actionType()
                                : n.type().json())).toList()).orElse(List.of());
            } catch (RuntimeException e) {
                return List.of(); // the timeline without them
            }
        });
    }
}
