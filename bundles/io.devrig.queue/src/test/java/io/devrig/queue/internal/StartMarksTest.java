package io.devrig.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.RescueResult;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start marks on real files: what a later process reads from them, when it does not
 * trust them, rotation, clean-up; and the release at start that uses them (a claim that
 * never started costs no attempt and counts no crash).
 */
class StartMarksTest {

    static final String BOOT = "boot-1";

    @TempDir
    Path dir;

    List<Path> files() throws Exception {
        if (!Files.isDirectory(dir.resolve("marks"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.resolve("marks"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void aLaterProcessReadsWhichClaimsStartedAndWhichDidNot() {
        StartMarks dead = new StartMarks(dir.resolve("marks"), "p1", BOOT);
        dead.started("job-a", "w-1.1@srv#p1");
        dead.started("job-b", "w-1.1@srv#p1");
        // no close: the process died

        StartMarks next = new StartMarks(dir.resolve("marks"), "p2", BOOT);
        assertThat(next.started("p1", "job-a", "w-1.1@srv#p1")).contains(true);
        assertThat(next.started("p1", "job-c", "w-1.1@srv#p1")).as("claimed, never started").contains(false);
        assertThat(next.started("p1", "job-a", "w-1.2@srv#p1")).as("another claim of the same job").contains(false);
        assertThat(next.started("p9", "job-a", "w-1.1@srv#p9")).as("no file: cannot tell").isEmpty();
        assertThat(next.started("p2", "job-a", "w-1.1@srv#p2")).as("its own process is alive: cannot tell").isEmpty();
        assertThat(next.earlierProcesses()).containsExactly("p1");
    }

    @Test
    void marksOfAnotherBootAreNotTrusted() {
        StartMarks dead = new StartMarks(dir.resolve("marks"), "p1", BOOT);
        dead.started("job-a", "w@srv#p1");
        StartMarks afterPowerLoss = new StartMarks(dir.resolve("marks"), "p2", "boot-2");
        assertThat(afterPowerLoss.started("p1", "job-z", "w@srv#p1")).isEmpty();
        StartMarks unknownBoot = new StartMarks(dir.resolve("marks"), "p3", null);
        assertThat(unknownBoot.started("p1", "job-z", "w@srv#p1")).isEmpty();
        unknownBoot.started("job-b", "w@srv#p3");
        assertThat(unknownBoot.inFlightCount()).as("nothing is marked without a boot id").isZero();
    }

    @Test
    void rotationKeepsTheJobsInFlightAndDropsTheRest() throws Exception {
        StartMarks marks = new StartMarks(dir.resolve("marks"), "p1", BOOT);
        marks.started("running", "w.1@s#p1");
        // more than one file's worth of lines (each at least 20 bytes)
        for (int n = 0; n < StartMarks.ROTATE_BYTES / 20 + 1; n++) {
            marks.started("done-" + n, "w.2@s#p1");
            marks.finished("done-" + n, "w.2@s#p1");
        }
        marks.started("after", "w.3@s#p1");
        assertThat(files()).as("the older generations were deleted").hasSize(1);
        assertThat(files().get(0).getFileName().toString()).as("not the first generation").doesNotEndWith("~0.started");

        StartMarks next = new StartMarks(dir.resolve("marks"), "p2", BOOT);
        assertThat(next.started("p1", "running", "w.1@s#p1")).as("carried into the new file").contains(true);
        assertThat(next.started("p1", "after", "w.3@s#p1")).contains(true);
        assertThat(next.started("p1", "done-0", "w.2@s#p1")).as("finished before the rotation").contains(false);
    }

    /** Several threads mark at once: every line is whole, none runs into another. */
    @Test
    void concurrentStartsAreEachReadBack() throws Exception {
        StartMarks marks = new StartMarks(dir.resolve("marks"), "p1", BOOT);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    marks.started("job-" + thread + "-" + i, "w." + thread + "@s#p1");
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        StartMarks next = new StartMarks(dir.resolve("marks"), "p2", BOOT);
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 5_000; i++) {
                assertThat(next.started("p1", "job-" + t + "-" + i, "w." + t + "@s#p1")).contains(true);
            }
        }
    }

    @Test
    void aCleanStopDeletesTheFileUnlessAJobIsStillInFlight() throws Exception {
        StartMarks clean = new StartMarks(dir.resolve("marks"), "p1", BOOT);
        clean.started("a", "w@s#p1");
        clean.finished("a", "w@s#p1");
        clean.close();
        assertThat(files()).isEmpty();

        StartMarks stuck = new StartMarks(dir.resolve("marks"), "p2", BOOT);
        stuck.started("b", "w@s#p2");
        stuck.close();
        assertThat(files()).hasSize(1);
        StartMarks later = new StartMarks(dir.resolve("marks"), "p3", BOOT);
        assertThat(later.started("p2", "b", "w@s#p2")).contains(true);
        later.forget("p2");
        assertThat(files()).isEmpty();
        assertThat(later.started("p2", "b", "w@s#p2")).as("forgotten: cannot tell any more").isEmpty();
    }

    /**
     * A batch of three claimed by a process that died after starting the first: the release
     * at the next start counts the first (an attempt and a crash) and gives the other two
     * back as if never claimed. The dead process's marks are deleted once its claims are gone.
     */
    @Test
    void theReleaseAtStartCountsOnlyTheClaimsThatStarted() throws Exception {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            List<Job> batch = batchOfThreeFirstStarted(queue);

            StartMarks marks = new StartMarks(dir.resolve("marks"), "p2", BOOT);
            queue.setStartMarks(marks);
            RescueResult released = queue.releaseAbandoned("srv", "p2", "t");

            assertThat(released.requeued()).isEqualTo(3);
            Job started = queue.job(batch.get(0).id()).orElseThrow();
            assertThat(started.status()).isEqualTo(JobStatus.PENDING);
            assertThat(started.attempts()).isEqualTo(1);
            assertThat(TestDatabase.history(db, started.id())).extracting(a -> a.error().code())
                    .containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED);
            for (Job j : batch.subList(1, 3)) {
                Job back = queue.job(j.id()).orElseThrow();
                assertThat(back.status()).isEqualTo(JobStatus.PENDING);
                assertThat(back.attempts()).as("never started: no attempt").isZero();
                assertThat(back.lockedBy()).isNull();
                assertThat(TestDatabase.history(db, j.id())).as("no crash counted").isEmpty();
            }
            assertThat(files()).as("the dead process's marks are gone with its claims").isEmpty();
        }
    }

    @Test
    void withoutTrustedMarksEveryClaimOfADeadProcessCountsAsBefore() {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            List<Job> batch = batchOfThreeFirstStarted(queue);

            queue.setStartMarks(new StartMarks(dir.resolve("marks"), "p2", "another-boot"));
            queue.releaseAbandoned("srv", "p2", "t");

            for (Job j : batch) {
                assertThat(queue.job(j.id()).orElseThrow().attempts()).isEqualTo(1);
                assertThat(TestDatabase.history(db, j.id())).extracting(a -> a.error().code())
                        .containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED);
            }
        }
    }

    /** Three jobs claimed in one batch by process p1 of server srv, the first of them marked as started by p1. */
    List<Job> batchOfThreeFirstStarted(SqliteJobQueue queue) {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        String holder = SqliteJobQueue.workerId("worker-1.000000000001", "srv", "p1");
        List<Job> batch = queue.commitAndClaim(List.of(), holder, Set.of("t"), Duration.ofSeconds(30), 3).claimed();
        new StartMarks(dir.resolve("marks"), "p1", BOOT).started(batch.get(0).id(), holder);
        return batch;
    }
}
