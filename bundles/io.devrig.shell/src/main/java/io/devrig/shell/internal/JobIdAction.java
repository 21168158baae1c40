package io.devrig.shell.internal;

import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.queue.JobQueue;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/** The part the {@code devrig:dlq-* <jobId>} commands share (Karaf injects superclass fields too). */
abstract class JobIdAction implements Action {

    // optional: the commands stay registered while the queue is down, and say so
    @Reference(optional = true)
    JobQueue queue;

    // optional: dlq-retry hands dead workflow runs to the engine when it runs
    @Reference(optional = true)
    WorkflowRuns runs;

    @Argument(index = 0, name = "jobId", required = true, description = "The dead job's id (see devrig:dlq)")
    String jobId;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        run(new QueueCommands(queue, runs, out), jobId);
        return null;
    }

    abstract void run(QueueCommands commands, String id) throws CommandException;
}
