package io.devrig.queue.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of the job queue, PID {@code io.devrig.queue} (etc/io.devrig.queue.cfg). */
@ObjectClassDefinition(name = "DevRig job queue",
        description = "Worker pool, leases, retries and cleanup of the durable job queue. "
                + "Changing a value restarts the worker pool (running handlers get the shutdown grace time).")
public @interface QueueConfig {

    @AttributeDefinition(name = "Minimum workers", description = "Worker threads kept even when idle (at least 1).")
    int minWorkers() default 1;

    @AttributeDefinition(name = "Maximum workers", description = "Most jobs run at once.")
    int maxWorkers() default 4;

    @AttributeDefinition(name = "Idle timeout (ms)", description = "A worker above the minimum ends after this long without work.")
    long idleTimeoutMs() default 60_000;

    @AttributeDefinition(name = "Task time limit (ms)",
            description = "A handler running longer is interrupted and the attempt fails with category timeout.")
    long taskTimeoutMs() default 300_000;

    @AttributeDefinition(name = "Poll interval (ms)",
            description = "How often idle workers look for due jobs (enqueues in this process wake them at once).")
    long pollIntervalMs() default 500;

    @AttributeDefinition(name = "Claim batch",
            description = "Most due jobs claimed in one write transaction; completions are committed in groups with "
                    + "the next claim. 1 claims no job ahead: one job for each worker waiting to claim, the waiting "
                    + "workers served by one transaction.")
    int claimBatch() default PoolSettings.DEFAULT_CLAIM_BATCH;

    @AttributeDefinition(name = "Lease (ms)",
            description = "How long a claimed job is its worker's; renewed while the handler runs. A worker that "
                    + "stops renewing loses the job to the rescue.")
    long leaseMs() default 60_000;

    @AttributeDefinition(name = "Server id",
            description = "Names this server in the claims its workers make. Claims left by an earlier process of the "
                    + "same server are released at start instead of waiting for their leases; claims of other servers "
                    + "sharing the database keep the lease rule. Empty: host name and Karaf home.")
    String ownerId() default "";

    @AttributeDefinition(name = "Poison after crashes",
            description = "A job that was running each of the last N times the server's process died (a plugin calling "
                    + "System.exit, an OOM kill, a native crash) is put in the dead-letter queue with QUEUE_POISON "
                    + "instead of being run again. 0 turns this off.")
    int poisonAfterCrashes() default 3;

    @AttributeDefinition(name = "Data folder",
            description = "Where the queue records which claimed jobs this process started (one small file, no fsync), "
                    + "so that after a crash the jobs it had claimed but not started go back without counting as "
                    + "attempts or crashes. Empty: ${karaf.data}/devrig/queue.")
    String dataDir() default "";

    @AttributeDefinition(name = "Rescue interval (ms)", description = "How often jobs whose lease expired are taken back.")
    long rescueIntervalMs() default 30_000;

    @AttributeDefinition(name = "Keep completed jobs (days)",
            description = "Completed jobs older than this are deleted (checked hourly). 0 keeps them.")
    int cleanupAfterDays() default 7;

    @AttributeDefinition(name = "Shutdown grace (ms)",
            description = "When the pool stops, how long running handlers may finish before they are interrupted.")
    long shutdownGraceMs() default 5_000;

    @AttributeDefinition(name = "Attempts", description = "Attempts of a job whose request does not say.")
    int maxAttempts() default 3;

    @AttributeDefinition(name = "Retry strategy",
            options = {@Option(label = "exponential", value = "exponential"), @Option(label = "linear", value = "linear"),
                    @Option(label = "fixed", value = "fixed")})
    String retryStrategy() default "exponential";

    @AttributeDefinition(name = "Retry base delay (ms)")
    long retryBaseDelayMs() default 1_000;

    @AttributeDefinition(name = "Retry delay cap (ms)")
    long retryMaxDelayMs() default 60_000;

    @AttributeDefinition(name = "Full jitter", description = "Draw each retry delay uniformly from zero to the computed delay.")
    boolean retryJitter() default true;

    @AttributeDefinition(name = "Retried error categories",
            description = "Any of transient, resource, timeout, plugin (comma-separated in a .cfg file). "
                    + "permanent and cancelled are never retried.")
    String[] retryOn() default {"transient", "resource", "timeout"};
}
