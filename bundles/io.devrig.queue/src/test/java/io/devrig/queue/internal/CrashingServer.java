package io.devrig.queue.internal;

import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The child JVM of {@link PoisonCrashLoopTest}: one "server process" on the real SQLite
 * file. It starts the queue component the way DS does (same owner id every time, a new
 * process id because it is a new JVM), registers a handler whose job kills the JVM with
 * {@code Runtime.halt} (no shutdown hooks, no outcome recorded: what System.exit in a
 * plugin, an OOM kill or a native crash leave), and otherwise waits until the job has an
 * end state and no job of the type is left to run, prints the job's state and exits 0.
 * Every other job of the type completes at once. The queue's data folder (its start marks)
 * is {@code queue-data} in the database folder.
 *
 * <p>Arguments: the database folder, the id of the job that kills the JVM, the job type,
 * and optionally the number of workers (default 4).
 */
public final class CrashingServer {

    /** Printed (with the job id) each time the handler starts. */
    static final String HANDLER_STARTED = "HANDLER-STARTED ";
    /** Printed (with the job's status) when this process ends without dying. */
    static final String FINAL_STATUS = "FINAL-STATUS ";
    static final String OWNER = "crash-loop-test-server";
    /** The queue's data folder, inside the database folder. */
    static final String DATA = "queue-data";

    private CrashingServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String jobId = args[1];
        String type = args[2];
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            QueueComponent queue = new QueueComponent(db, QueueComponentTest.config(Map.of("ownerId", OWNER,
                    "pollIntervalMs", 20L, "minWorkers", workers, "maxWorkers", workers,
                    "dataDir", dir.resolve(DATA).toString())));
            try {
                JobHandler fatal = job -> {
                    System.out.println(HANDLER_STARTED + job.id());
                    System.out.flush();
                    if (job.id().equals(jobId)) {
                        Runtime.getRuntime().halt(1);
                    }
                };
                // binding the handler releases the claims of this server's earlier (dead) process
                queue.bind(fatal, fatal, Map.of(JobHandler.TYPE_PROPERTY, type));
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                JobStatus status = queue.job(jobId).orElseThrow().status();
                while ((status != JobStatus.DEAD && status != JobStatus.COMPLETED
                        || !queue.jobs(type, Set.of(JobStatus.PENDING, JobStatus.PROCESSING), 1).isEmpty())
                        && System.nanoTime() < end) {
                    Thread.sleep(10);
                    status = queue.job(jobId).orElseThrow().status();
                }
                System.out.println(FINAL_STATUS + status.wireName());
                System.out.flush();
            } finally {
                queue.deactivate();
            }
        }
    }
}
