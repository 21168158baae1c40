package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:dlq-retry}. */
@Command(scope = "devrig", name = "dlq-retry", description = "Puts a dead job back in the queue with its attempts reset.")
@Service
public class DeadLetterRetryCommand extends JobIdAction {

    @Override
    void run(QueueCommands commands, String id) throws CommandException {
        commands.retry(id);
    }
}
