package io.devrig.shell.internal;

import io.devrig.api.queue.JobQueue;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:queue-stats}. */
@Command(scope = "devrig", name = "queue-stats", description = "Job counts per type and status, scheduled retries and the age of the oldest pending job.")
@Service
public class QueueStatsCommand implements Action {

    // optional: the commands stay registered while the queue is down, and say so
    @Reference(optional = true)
    JobQueue queue;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new QueueCommands(queue, out).stats();
        return null;
    }
}
