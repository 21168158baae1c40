package io.devrig.shell.internal;

import io.devrig.api.queue.JobQueue;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:dlq-retry}. */
@Command(scope = "devrig", name = "dlq-retry", description = "Puts a dead job back in the queue with its attempts reset.")
@Service
public class DeadLetterRetryCommand implements Action {

    // optional: the commands stay registered while the queue is down, and say so
    @Reference(optional = true)
    JobQueue queue;

    @Argument(index = 0, name = "jobId", required = true, description = "The dead job's id (see devrig:dlq)")
    String jobId;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new QueueCommands(queue, out).retry(jobId);
        return null;
    }
}
