package io.devrig.trigger.event.internal;

import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunEvents;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import io.devrig.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The {@code workflow} trigger type (seed §6.2.6): a run of another workflow that ended
 * {@code completed}, {@code failed} or either ({@code any}: also cancelled and timed out)
 * starts this one, when the optional {@code filter} holds on the payload
 * ({@code workflowId, workflowVersion, runId, status, error, output: {<nodeId>: output},
 * chainDepth}). Chains are cut at {@value #MAX_CHAIN_DEPTH}: a run started by this type
 * carries its depth, and a finished run at that depth starts nothing (A triggers B triggers
 * A stops there, with an error on the trigger that would have gone on).
 */
@Component(service = {TriggerType.class, EventHandler.class}, property = {
    TriggerType.TYPE_PROPERTY + "=" + WorkflowTriggerType.TYPE,
    EventConstants.EVENT_TOPIC + "=" + RunEvents.RUN_FINISHED})
public final class WorkflowTriggerType implements TriggerType, EventHandler {

    static final String TYPE = "workflow";
    /** A chain of workflow triggers stops after this many links. */
    static final int MAX_CHAIN_DEPTH = 8;
    private static final Set<String> FIELDS = Set.of("workflowId", "on", "filter");
    private static final Set<String> ON = Set.of("completed", "failed", "any");

    private final WorkflowRuns runs;
    private final ConditionEngine conditions;
    private final List<Handlers.Listening> live = Handlers.registry();

    @Activate
    public WorkflowTriggerType(@Reference WorkflowRuns runs, @Reference ConditionEngine conditions) {
        this.runs = runs;
        this.conditions = conditions;
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        Handlers.onlyKnown(config, FIELDS, problems);
        if (!(config.get("workflowId") instanceof String s) || s.isBlank()) {
            problems.add("$.trigger.workflowId: required: the id of the workflow whose runs start this one");
        }
        Object on = config.get("on");
        if (on != null && !(on instanceof String o && ON.contains(o))) {
            problems.add("$.trigger.on: must be completed, failed or any");
        }
        Handlers.filter(config, conditions, problems);
        return problems;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        return new Listener(context);
    }

    @Override
    public void handleEvent(Event event) {
        if (live.isEmpty()) {
            return;
        }
        String runId = (String) event.getProperty(RunEvents.RUN_ID);
        RunStatus status = RunStatus.fromJson((String) event.getProperty(RunEvents.STATUS));
        if (runId == null || status == null) {
            return;
        }
        String workflowId = (String) event.getProperty(RunEvents.WORKFLOW_ID);
        // the run's detail (outputs, input) is read once, only when a handler listens to its workflow
        Map<String, Object>[] payload = new Map[1];
        Handlers.offer(live, h -> {
            Listener l = (Listener) h;
            String source = workflowId != null ? workflowId : payload(runId, status, payload).map(p ->
                    (String) p.get("workflowId")).orElse(null);
            if (!l.source.equals(source) || !l.wants(status)) {
                return;
            }
            payload(runId, status, payload).ifPresent(l::finished);
        });
    }

    private Optional<Map<String, Object>> payload(String runId, RunStatus status, Map<String, Object>[] cache) {
        if (cache[0] == null) {
            Optional<RunDetail> d = runs.detail(runId);
            if (d.isEmpty()) {
                return Optional.empty(); // deleted meanwhile
            }
            cache[0] = payloadOf(d.get(), status);
        }
        return Optional.of(cache[0]);
    }

    /** What a started run sees as {@code trigger.payload}. */
    static Map<String, Object> payloadOf(RunDetail d, RunStatus status) {
        Map<String, Object> output = new LinkedHashMap<>();
        for (NodeRun n : d.nodes()) {
            if (n.status() == NodeRunStatus.COMPLETED) {
                output.put(n.nodeId(), n.output() == null ? null : Json.read(n.output()));
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("workflowId", d.run().workflowId());
        p.put("workflowVersion", d.run().workflowVersion());
        p.put("runId", d.run().id());
        p.put("status", status.json());
        p.put("error", d.run().error() == null ? null : Json.read(d.run().error()));
        p.put("output", output);
        p.put("chainDepth", depthOf(d.input()) + 1);
        return p;
    }

    /** The chain depth a run was started at: its input's {@code chainDepth} when a workflow trigger started it, else 0. */
    static int depthOf(String inputJson) {
        try {
            Object input = inputJson == null ? null : Json.read(inputJson);
            if (input instanceof Map<?, ?> m && m.get("chainDepth") instanceof Number n && m.containsKey("runId")) {
                return Math.max(0, n.intValue());
            }
        } catch (RuntimeException notJson) {
            // an input that is not JSON was never written by this type
        }
        return 0;
    }

    private final class Listener extends Handlers.Listening {
        final String source;
        final String on;

        Listener(TriggerContext context) {
            super(context, live, conditions);
            this.source = (String) context.config().get("workflowId");
            Object o = context.config().get("on");
            this.on = o instanceof String s ? s : "completed";
        }

        boolean wants(RunStatus status) {
            return switch (on) {
                case "any" -> status.isFinal();
                case "failed" -> status == RunStatus.FAILED;
                default -> status == RunStatus.COMPLETED;
            };
        }

        void finished(Map<String, Object> payload) {
            int depth = ((Number) payload.get("chainDepth")).intValue();
            if (depth > MAX_CHAIN_DEPTH) {
                context.reportError("a chain of workflow triggers was stopped at depth " + MAX_CHAIN_DEPTH + ": run "
                        + payload.get("runId") + " of " + source + " would have started " + context.workflowId()
                        + " again (do workflows trigger each other in a loop?)");
                return;
            }
            if (passes(payload)) {
                fire("run:" + payload.get("runId"), payload);
            }
        }
    }
}
