package io.devrig.trigger.poll.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionInvocation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the polled action knows about its call: no run, the trigger's workflow, no idempotency
 * key (a poll reads), cancelled once the trigger stops or its time is up.
 */
final class PollCall implements ActionContext {

    /** How long one poll's action may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(PollCall.class);

    private final String workflowId;
    private final String triggerId;
    private final boolean dryRun;
    private final BooleanSupplier stopped;
    private final Instant deadline = Instant.now().plus(TIMEOUT);

    PollCall(String workflowId, String triggerId, boolean dryRun, BooleanSupplier stopped) {
        this.workflowId = workflowId;
        this.triggerId = triggerId;
        this.dryRun = dryRun;
        this.stopped = stopped;
    }

    /**
     * The call of {@code source}'s action: the input as value references to its literal values,
     * so that a text holding <code>{{</code> is sent as it is, never rendered as a template.
     */
    ActionInvocation invocation(PollConfig.Source source) {
        Map<String, Object> input = source.input();
        Map<String, Object> refs = new LinkedHashMap<>();
        for (String key : input.keySet()) {
            refs.put(key, Map.of("$ref", "in[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]"));
        }
        return new ActionInvocation(source.actionType(), refs, Map.of("in", input), this, TIMEOUT);
    }

    @Override
    public String runId() {
        return null;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public String nodeId() {
        return "trigger";
    }

    @Override
    public String correlationId() {
        return "poll:" + triggerId;
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public String idempotencyKey() {
        return null;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean cancelled() {
        return stopped.getAsBoolean() || Instant.now().isAfter(deadline);
    }

    @Override
    public void log(LogLevel level, String message) {
        LOG.debug("polling trigger {}: {}", triggerId, message);
    }
}
