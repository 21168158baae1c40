package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.RunRetry;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueStats;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:dlq*} and {@code devrig:queue-stats} commands do, without the
 * shell. The queue may be null (not running): every command then fails with one
 * {@code Error: ...} line.
 */
final class QueueCommands {

    static final String NOT_RUNNING = "the job queue is not running";
    static final int DLQ_LIMIT = 200;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final JobQueue queue;
    private final WorkflowRuns runs;
    private final PrintStream out;

    QueueCommands(JobQueue queue, PrintStream out) {
        this(queue, null, out);
    }

    /** With the workflow engine (may be null), which retries the dead jobs of workflow runs. */
    QueueCommands(JobQueue queue, WorkflowRuns runs, PrintStream out) {
        this.queue = queue;
        this.runs = runs;
        this.out = Objects.requireNonNull(out, "out");
    }

    private JobQueue queue() throws CommandException {
        if (queue == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return queue;
    }

    /** {@code dlq}: dead jobs, newest first as the queue returns them, with their last error. */
    void deadLetters() throws CommandException {
        List<DeadJob> dead;
        try {
            dead = queue().deadJobs(DLQ_LIMIT);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (dead.isEmpty()) {
            out.println("No dead jobs.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("JOB");
        table.column("TYPE");
        table.column("ATTEMPTS");
        table.column("CREATED");
        table.column("LAST ERROR");
        for (DeadJob d : dead) {
            AttemptError last = d.errors().isEmpty() ? null : d.errors().get(d.errors().size() - 1);
            table.addRow().addContent(d.job().id(), PluginText.clean(d.job().type()),
                    d.job().attempts() + "/" + d.job().maxAttempts(), time(d.job().createdAt()),
                    last == null ? "-" : PluginText.clean(last.error().summary()));
        }
        table.print(out);
        if (dead.size() == DLQ_LIMIT) {
            out.println("(showing the first " + DLQ_LIMIT + ")");
        }
    }

    /** {@code dlq-retry <jobId>}: back to pending, attempts reset. */
    void retry(String jobId) throws CommandException {
        retry(jobId, false);
    }

    /**
     * {@code dlq-retry <jobId> [--latest]}: the dead job of a failed workflow run goes to the
     * engine, which resumes the run (on its version, or with {@code latest} on the latest
     * one); any other dead job goes back to pending, attempts reset.
     */
    void retry(String jobId, boolean latest) throws CommandException {
        try {
            String runId = runOf(jobId);
            if (runId == null && latest) {
                throw ErrorLine.of("--latest applies to the dead jobs of workflow runs (" + WorkflowRuns.JOB_TYPE
                        + ") only");
            }
            if (runId != null && (runs != null || latest)) {
                if (runs == null) {
                    throw ErrorLine.of(RunCommands.NOT_RUNNING);
                }
                RunRetry r;
                try {
                    r = runs.retry(runId, latest);
                } catch (DevRigException e) {
                    if (latest || !ErrorCodes.CONFLICT.equals(e.code())) {
                        throw e;
                    }
                    r = null; // the run is not failed (an old dead job): the job alone goes back
                }
                if (r == null) {
                    queue().retryDead(jobId);
                    out.println("Job " + PluginText.clean(jobId) + " is pending again.");
                    return;
                }
                out.println("Run " + PluginText.clean(r.runId()) + " runs again on version " + r.version()
                        + (r.version() == r.fromVersion() ? "" : " (it failed on version " + r.fromVersion() + ")") + ".");
                out.println("Kept:      " + (r.kept().isEmpty() ? "-" : PluginText.clean(String.join(", ", r.kept()))));
                out.println("Run again: " + (r.rerun().isEmpty() ? "-" : PluginText.clean(String.join(", ", r.rerun()))));
                return;
            }
            queue().retryDead(jobId);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        out.println("Job " + PluginText.clean(jobId) + " is pending again.");
    }

    /** The run a dead workflow-run job belongs to, or null for any other job. */
    private String runOf(String jobId) throws CommandException {
        DeadJob dead = queue().deadJob(jobId).orElse(null);
        if (dead == null || !WorkflowRuns.JOB_TYPE.equals(dead.job().type())) {
            return null;
        }
        Object runId = Json.readObject(dead.job().payload()).get("runId");
        return runId instanceof String id ? id : null;
    }

    /** {@code dlq-discard <jobId>}: the dead job is deleted. */
    void discard(String jobId) throws CommandException {
        try {
            queue().discardDead(jobId);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        out.println("Job " + PluginText.clean(jobId) + " discarded.");
    }

    /** {@code queue-stats}: counts per status, per type, scheduled retries, oldest pending age. */
    void stats() throws CommandException {
        QueueStats stats;
        try {
            stats = queue().stats();
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        ShellTable table = new ShellTable();
        table.column("TYPE");
        for (JobStatus s : JobStatus.values()) {
            table.column(s.name());
        }
        for (Map.Entry<String, Map<JobStatus, Long>> type : stats.byType().entrySet()) {
            List<Object> cells = new ArrayList<>();
            cells.add(PluginText.clean(type.getKey()));
            for (JobStatus s : JobStatus.values()) {
                cells.add(type.getValue().getOrDefault(s, 0L));
            }
            table.addRow().addContent(cells.toArray());
        }
        List<Object> total = new ArrayList<>();
        total.add("(all)");
        for (JobStatus s : JobStatus.values()) {
            total.add(stats.count(s));
        }
        table.addRow().addContent(total.toArray());
        table.print(out);
        out.println("Scheduled retries: " + stats.scheduled() + "; oldest pending job waits "
                + age(stats.oldestPendingAge()) + ".");
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static String age(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

}
