package io.devrig.shell.internal;

import io.devrig.api.queue.JobQueue;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:dlq}. */
@Command(scope = "devrig", name = "dlq", description = "Lists the dead jobs (failed their last attempt, or could not be retried) with their last error.")
@Service
public class DeadLetterListCommand implements Action {

    // optional: the commands stay registered while the queue is down, and say so
    @Reference(optional = true)
    JobQueue queue;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new QueueCommands(queue, out).deadLetters();
        return null;
    }
}
