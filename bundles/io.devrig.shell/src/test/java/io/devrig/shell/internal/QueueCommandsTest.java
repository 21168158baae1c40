package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueStats;
import io.devrig.api.queue.RescueResult;
import io.devrig.api.retry.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class QueueCommandsTest {

    static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

    /** The part of a queue the commands use; everything else is not expected to be called. */
    static final class FakeQueue implements JobQueue {
        final Map<String, DeadJob> dead = new LinkedHashMap<>();
        final List<String> retried = new ArrayList<>();
        QueueStats stats;

        DeadJob deadJob(String id, String type, String code, String message) {
            return deadJob(id, type, "{}", code, message);
        }

        DeadJob deadJob(String id, String type, String payload, String code, String message) {
            Job job = new Job(id, type, payload, 0, JobStatus.DEAD, 3, 3, null, null, null, null, T, null);
            DeadJob d = new DeadJob(job, List.of(new AttemptError(3, "w1",
                    DevRigError.of(code, ErrorCategory.TRANSIENT, message))));
            dead.put(id, d);
            return d;
        }

        private void requireDead(String id) {
            if (!dead.containsKey(id)) {
                throw new DevRigException("QUEUE_JOB_NOT_FOUND", ErrorCategory.PERMANENT, "no job with id '" + id + "'");
            }
        }

        @Override public List<DeadJob> deadJobs(int limit) { return new ArrayList<>(dead.values()); }
        @Override public List<Job> jobs(String type, Set<JobStatus> statuses, int limit) {
            return dead.values().stream().map(DeadJob::job)
                    .filter(j -> j.type().equals(type) && statuses.contains(j.status())).limit(limit).toList();
        }
        @Override public Optional<DeadJob> deadJob(String jobId) { return Optional.ofNullable(dead.get(jobId)); }
        @Override public void retryDead(String jobId) { requireDead(jobId); dead.remove(jobId); retried.add(jobId); }
        @Override public void discardDead(String jobId) { requireDead(jobId); dead.remove(jobId); }
        @Override public QueueStats stats() { return stats; }
        @Override public String enqueue(JobRequest request) { throw new UnsupportedOperationException(); }
        @Override public Optional<Job> claim(String workerId, Set<String> types, Duration lease) { throw new UnsupportedOperationException(); }
        @Override public boolean extendLease(String jobId, String workerId, Duration lease) { throw new UnsupportedOperationException(); }
        @Override public boolean complete(String jobId, String workerId) { throw new UnsupportedOperationException(); }
        @Override public FailOutcome fail(String jobId, String workerId, DevRigError error) { throw new UnsupportedOperationException(); }
        @Override public Optional<Job> job(String jobId) { throw new UnsupportedOperationException(); }
        @Override public RescueResult rescueExpired() { throw new UnsupportedOperationException(); }
        @Override public int cleanup(Duration olderThan) { throw new UnsupportedOperationException(); }
        @Override public RetryPolicy retryPolicy(String type) { throw new UnsupportedOperationException(); }
    }

    final FakeQueue queue = new FakeQueue();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final QueueCommands commands = new QueueCommands(queue, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dlqListsDeadJobsWithTheirLastError() throws Exception {
        queue.deadJob("01JOB1", "workflow_run", "HTTP_TIMEOUT", "api.github.com did not answer");
        queue.deadJob("01JOB2", "sync", "DB_BUSY", "the database is locked");
        commands.deadLetters();
        assertThat(output()).contains("JOB", "TYPE", "ATTEMPTS", "LAST ERROR", "01JOB1", "workflow_run", "3/3",
                "2026-11-23 08:00:00Z", "HTTP_TIMEOUT (transient): api.github.com did not answer", "01JOB2", "DB_BUSY");
    }

    @Test
    void anEmptyDeadLetterQueueSaysSo() throws Exception {
        commands.deadLetters();
        assertThat(output()).isEqualTo("No dead jobs." + System.lineSeparator());
    }

    @Test
    void retryAndDiscardPrintOneLineAndUnknownIdsAreOneErrorLine() throws Exception {
        queue.deadJob("01JOB1", "sync", "X", "m");
        queue.deadJob("01JOB2", "sync", "X", "m");
        commands.retry("01JOB1");
        commands.discard("01JOB2");
        assertThat(output()).isEqualTo("Job 01JOB1 is pending again." + System.lineSeparator()
                + "Job 01JOB2 discarded." + System.lineSeparator());
        assertThat(queue.retried).containsExactly("01JOB1");
        CommandException e = assertThrows(CommandException.class, () -> commands.retry("nope"));
        assertThat(e.getNiceHelp()).isEqualTo("Error: no job with id 'nope'");
    }

    @Test
    void dlqRetryOfAWorkflowRunGoesToTheEngineOnItsVersionOrTheLatest() throws Exception {
        queue.deadJob("01JOB1", "flow.run", "{\"runId\":\"01RUN1\"}", "RUN_FAILED", "run failed at node parse");
        RecordingRuns runs = new RecordingRuns();
        QueueCommands withEngine = new QueueCommands(queue, runs, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        withEngine.retry("01JOB1", true);
        assertThat(runs.calls).containsExactly("01RUN1 latest=true");
        assertThat(output()).isEqualTo(String.join(System.lineSeparator(),
                "Run 01RUN1 runs again on version 2 (it failed on version 1).",
                "Kept:      fetch",
                "Run again: parse, report", ""));
        bytes.reset();
        withEngine.retry("01JOB1", false);
        assertThat(runs.calls).containsExactly("01RUN1 latest=true", "01RUN1 latest=false");
        assertThat(output()).startsWith("Run 01RUN1 runs again on version 1." + System.lineSeparator());
        assertThat(queue.retried).as("the engine takes its job back itself").isEmpty();
    }

    @Test
    void dlqRetryLatestIsRefusedForOtherJobsAndWithoutTheEngine() {
        queue.deadJob("01JOB1", "sync", "X", "m");
        queue.deadJob("01JOB2", "flow.run", "{\"runId\":\"01RUN1\"}", "RUN_FAILED", "m");
        CommandException other = assertThrows(CommandException.class, () -> commands.retry("01JOB1", true));
        assertThat(other.getNiceHelp()).isEqualTo("Error: --latest applies to the dead jobs of workflow runs (flow.run) only");
        CommandException noEngine = assertThrows(CommandException.class, () -> commands.retry("01JOB2", true));
        assertThat(noEngine.getNiceHelp()).isEqualTo("Error: the workflow engine is not running");
        assertThat(queue.retried).isEmpty();
    }

    /** Records retry calls: version 1 stays 1, --latest moves to 2 keeping "fetch". */
    static final class RecordingRuns implements io.devrig.api.flow.WorkflowRuns {
        final List<String> calls = new ArrayList<>();

        @Override
        public io.devrig.api.flow.RunRetry retry(String runId, boolean latestVersion) {
            calls.add(runId + " latest=" + latestVersion);
            return latestVersion ? new io.devrig.api.flow.RunRetry(runId, 1, 2, List.of("fetch"), List.of("parse", "report"))
                    : new io.devrig.api.flow.RunRetry(runId, 1, 1, List.of("fetch"), List.of("parse"));
        }

        @Override public io.devrig.api.flow.RunStart start(String workflowId, String inputJson) { throw new UnsupportedOperationException(); }
        @Override public io.devrig.api.flow.RunStart startTriggered(String workflowId, io.devrig.api.flow.RunTrigger trigger) { throw new UnsupportedOperationException(); }
        @Override public Optional<io.devrig.api.flow.RunSummary> run(String runId) { throw new UnsupportedOperationException(); }
        @Override public Optional<io.devrig.api.flow.RunDetail> detail(String runId) { throw new UnsupportedOperationException(); }
        @Override public List<io.devrig.api.flow.RunSummary> runs(io.devrig.api.flow.RunQuery query) { throw new UnsupportedOperationException(); }
        @Override public boolean cancel(String runId) { throw new UnsupportedOperationException(); }
        @Override public Optional<io.devrig.api.flow.RunSummary> await(String runId, Duration timeout) { throw new UnsupportedOperationException(); }
        @Override public io.devrig.api.flow.DryRunResult dryRun(String workflowId, boolean draft, String inputJson) { throw new UnsupportedOperationException(); }
    }

    @Test
    void statsShowEveryTypeAndStatusWithTotals() throws Exception {
        Map<JobStatus, Long> all = new EnumMap<>(JobStatus.class);
        all.put(JobStatus.PENDING, 5L);
        all.put(JobStatus.DEAD, 1L);
        Map<String, Map<JobStatus, Long>> byType = new LinkedHashMap<>();
        byType.put("sync", Map.of(JobStatus.PENDING, 4L, JobStatus.DEAD, 1L));
        byType.put("workflow_run", Map.of(JobStatus.PENDING, 1L));
        queue.stats = new QueueStats(all, byType, 2, Duration.ofSeconds(125), T);
        commands.stats();
        assertThat(output()).contains("TYPE", "PENDING", "PROCESSING", "COMPLETED", "DEAD", "sync", "workflow_run",
                "(all)", "Scheduled retries: 2; oldest pending job waits 2 min 5 s.");
    }

    @Test
    void everyCommandSaysSoWhenTheQueueIsNotRunning() {
        QueueCommands none = new QueueCommands(null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                none::deadLetters, none::stats, () -> none.retry("x"), () -> none.discard("x"))) {
            CommandException e = assertThrows(CommandException.class, call);
            assertThat(e.getNiceHelp()).isEqualTo("Error: the job queue is not running");
        }
        assertThat(output()).isEmpty();
    }

    @Test
    void agesReadNaturally() {
        assertThat(QueueCommands.age(Duration.ofSeconds(7))).isEqualTo("7 s");
        assertThat(QueueCommands.age(Duration.ofSeconds(3725))).isEqualTo("1 h 2 min");
    }
}
