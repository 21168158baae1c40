package io.devrig.api.action;

import io.devrig.api.inbox.InboxItem;
import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** What an executing action knows about the call (seed architecture §8.1). */
@ProviderType
public interface ActionContext {

    /** The workflow run, or null outside a run (e.g. an inbox action). */
    String runId();

    String workflowId();

    String nodeId();

    /** Ties together the trigger event, the run, its node runs and its logs. */
    String correlationId();

    /** Which attempt of this node this is, from 1. */
    int attempt();

    /**
     * Stable over every attempt of this node in this run ({@code <runId>:<nodeId>}): an
     * action with side effects can hand it to the outside system so that a retried or
     * recovered attempt does not act twice.
     */
    String idempotencyKey();

    /** Whether this is a dry-run (an action with side effects is then only previewed). */
    boolean dryRun();

    /** When the call is interrupted for taking too long. */
    Instant deadline();

    /** Whether the run was cancelled or the time is up: stop as soon as possible. */
    boolean cancelled();

    /**
     * The inbox item the action runs on ({@code devrig:inbox-act}, {@code Inbox.act}), or empty
     * when it runs on none (a workflow node). It is always an item of the action's own plugin.
     * Its fields, metadata included, are data from the outside (a pull request's title, a
     * body): read them as values, never evaluate them.
     *
     * <p>Before the input is validated, the action registry fills each field the input schema
     * lists in its top-level {@code required} and the input lacks from the item's
     * {@code metadata} entry of the same name (as a plain value), so an action needs no
     * templates for the obvious case.
     *
     * @since 1.2
     */
    default Optional<InboxItem> item() {
        return Optional.empty();
    }

    /** Writes to the run's execution log, with the run's correlation id and this node. */
    void log(LogLevel level, String message);

    /** Execution log levels. */
    enum LogLevel { DEBUG, INFO, WARN, ERROR }
}
