package io.devrig.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash loop on a real SQLite file across real process deaths: each "server" is a child
 * JVM ({@link CrashingServer}) whose handler halts the JVM. The test restarts it against the
 * same file until the job is poison, and counts the handler's start markers: exactly the
 * threshold (3), and none after.
 */
class PoisonCrashLoopTest {

    static final String TYPE = "crash.test";

    @TempDir
    Path dir;

    record Child(int exit, List<String> stdout, String stderr) {
        long handlerStarts() {
            return stdout.stream().filter(l -> l.startsWith(CrashingServer.HANDLER_STARTED)).count();
        }

        String finalStatus() {
            return stdout.stream().filter(l -> l.startsWith(CrashingServer.FINAL_STATUS))
                    .map(l -> l.substring(CrashingServer.FINAL_STATUS.length())).findFirst().orElse(null);
        }
    }

    @Test
    void aJobThatKillsTheServerEveryTimeIsPoisonAfterThreeDeathsAndNeverRunsAgain() throws Exception {
        String jobId;
        String innocent;
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            // a budget far above the threshold: the poison rule stops it, not the attempts
            jobId = queue.enqueue(JobRequest.of(TYPE, "{\"plugin\":\"exits\"}").withMaxAttempts(50));
            // another type, no handler in the child: must be left exactly as it is
            innocent = queue.enqueue(JobRequest.of("other.type", "{}"));
        }

        List<Child> starts = new ArrayList<>();
        for (int start = 1; start <= 3; start++) {
            Child child = runServer(jobId, start);
            starts.add(child);
            assertThat(child.exit()).as("start %s died in the handler; stderr: %s", start, child.stderr()).isEqualTo(1);
            assertThat(child.handlerStarts()).as("start %s ran the handler once", start).isEqualTo(1);
        }
        // the fourth start finds the job running at three deaths in a row: poison, not run
        Child fourth = runServer(jobId, 4);
        assertThat(fourth.exit()).as("stderr: %s", fourth.stderr()).isZero();
        assertThat(fourth.handlerStarts()).isZero();
        assertThat(fourth.finalStatus()).isEqualTo("dead");
        // and a later start does not run it either
        Child fifth = runServer(jobId, 5);
        assertThat(fifth.exit()).as("stderr: %s", fifth.stderr()).isZero();
        assertThat(fifth.handlerStarts()).isZero();
        starts.add(fourth);
        starts.add(fifth);
        assertThat(starts.stream().mapToLong(Child::handlerStarts).sum()).as("handler starts over five processes")
                .isEqualTo(3);

        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            DeadJob dead = queue.deadJob(jobId).orElseThrow();
            assertThat(dead.job().attempts()).isEqualTo(3);
            assertThat(dead.errors()).extracting(a -> a.error().code()).containsExactly(
                    QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED,
                    QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_POISON);
            assertThat(dead.lastError().error().message())
                    .startsWith("poison job: the server stopped 3 times while it ran (last: ")
                    .endsWith("); not retried");
            assertThat(queue.deadJobs(10)).extracting(d -> d.job().id()).containsExactly(jobId);
            assertThat(queue.job(innocent).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
            assertThat(queue.job(innocent).orElseThrow().attempts()).isZero();
        }
    }

    /**
     * A crash loop with a batch: the job that kills the JVM is claimed first in a batch with
     * three others, and the one worker starts it first each time, so its batch-mates are
     * claimed at every death but never start. The start marks tell the next process so:
     * the batch-mates go back without an attempt or a crash, the killer is poison after three
     * deaths, and then the batch-mates run once each and complete on their first attempt
     * (with the old counting they would have been dead-lettered with it).
     */
    @Test
    void batchMatesOfAJobThatKillsTheServerAreNotCountedAsCrashesAndCompleteOnTheirFirstAttempt() throws Exception {
        String killer;
        List<String> mates = new ArrayList<>();
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            killer = queue.enqueue(JobRequest.of(TYPE, "{\"plugin\":\"exits\"}").withPriority(5).withMaxAttempts(50));
            for (int i = 0; i < 3; i++) {
                mates.add(queue.enqueue(JobRequest.of(TYPE, "{\"mate\":" + i + "}"))); // default: 3 attempts
            }
        }
        for (int start = 1; start <= 3; start++) {
            Child child = runServer(killer, start, 1);
            assertThat(child.exit()).as("start %s died in the handler; stderr: %s", start, child.stderr()).isEqualTo(1);
            assertThat(child.stdout()).as("start %s ran only the killer", start)
                    .containsExactly(CrashingServer.HANDLER_STARTED + killer);
            try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
                SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
                assertThat(mates).as("the batch-mates were claimed with it at death %s", start)
                        .allSatisfy(id -> assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING));
            }
        }
        Child fourth = runServer(killer, 4, 1);
        assertThat(fourth.exit()).as("stderr: %s", fourth.stderr()).isZero();
        assertThat(fourth.finalStatus()).isEqualTo("dead");
        assertThat(fourth.stdout()).filteredOn(l -> l.startsWith(CrashingServer.HANDLER_STARTED))
                .containsExactlyInAnyOrderElementsOf(mates.stream().map(id -> CrashingServer.HANDLER_STARTED + id).toList());

        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            DeadJob dead = queue.deadJob(killer).orElseThrow();
            assertThat(dead.job().attempts()).isEqualTo(3);
            assertThat(dead.errors()).extracting(a -> a.error().code()).containsExactly(
                    QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED,
                    QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_POISON);
            for (String id : mates) {
                assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(queue.job(id).orElseThrow().attempts()).as("attempts not inflated by the deaths").isEqualTo(1);
                assertThat(TestDatabase.history(db, id)).as("no crash in its history").isEmpty();
            }
        }
        try (var left = Files.list(dir.resolve(CrashingServer.DATA))) {
            assertThat(left.toList()).as("every process's start marks were cleaned up").isEmpty();
        }
    }

    private Child runServer(String jobId, int start) throws IOException, InterruptedException {
        return runServer(jobId, start, 4);
    }

    /** One server process on the database in {@code dir}; waits for it to end (a generous bound, not a measurement). */
    private Child runServer(String jobId, int start, int workers) throws IOException, InterruptedException {
        Path out = dir.resolve("child-" + start + "-" + System.nanoTime() + ".out");
        Path err = dir.resolve("child-" + start + "-" + System.nanoTime() + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingServer.class.getName(), dir.toString(), jobId, TYPE, Integer.toString(workers))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("server start " + start + " did not end; stderr: " + Files.readString(err));
        }
        return new Child(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
