package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:dlq-discard}. */
@Command(scope = "devrig", name = "dlq-discard", description = "Deletes a dead job.")
@Service
public class DeadLetterDiscardCommand extends JobIdAction {

    @Override
    void run(QueueCommands commands, String id) throws CommandException {
        commands.discard(id);
    }
}
