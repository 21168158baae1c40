package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:dlq-retry}. */
@Command(scope = "devrig", name = "dlq-retry", description = "Puts a dead job back in the queue with its attempts reset."
        + " A failed workflow run resumes from its failed nodes on the version it failed on, or with --latest on the"
        + " workflow's latest published version, keeping the outputs of the nodes that did not change.")
@Service
public class DeadLetterRetryCommand extends JobIdAction {

    @Option(name = "--latest", description = "For a workflow run: run it again on the latest published version, keeping the"
            + " outputs of completed nodes that are unchanged there (same id, type, action type, config, condition and"
            + " upstream nodes, all of them kept too)")
    boolean latest;

    @Override
    void run(QueueCommands commands, String id) throws CommandException {
        commands.retry(id, latest);
    }
}
