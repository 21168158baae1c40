/**
 * The one retry and backoff type of DevRig (seed architecture §15.2): how often and after
 * which delays a failed job, workflow node or data-source sync is tried again. The queue's
 * jobs, the workflow definitions' {@code retryPolicy} and the sync scheduler's backoff all
 * compute their delays with {@link io.devrig.api.retry.RetryPolicy#delayForAttempt}.
 */
@Version("1.0.0")
package io.devrig.api.retry;

import org.osgi.annotation.versioning.Version;
