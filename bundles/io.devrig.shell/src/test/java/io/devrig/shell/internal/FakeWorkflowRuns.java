package io.devrig.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowRuns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link WorkflowRuns} as its Javadoc describes it: runs start on the latest
 * published version, the input must be a JSON object holding each field the workflow's
 * input schema requires, an entry condition may skip the start, only pending and
 * running runs can be cancelled. How a waited-for run ends is set by the test.
 */
final class FakeWorkflowRuns implements WorkflowRuns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Integer> published = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private final Map<String, List<String>> requiredInput = new HashMap<>();
    private final Map<String, String> skips = new HashMap<>();
    private final Map<String, RunSummary> runs = new LinkedHashMap<>();
    private final Map<String, RunDetail> details = new HashMap<>();
    private final Map<String, DryRunResult> dryRuns = new HashMap<>();
    private int newIds;
    private DevRigException failure;

    /** How {@link #await} finds a run: this final status (and error), or, when null, still running. */
    RunStatus endsAs = RunStatus.COMPLETED;
    String endError;
    final List<String> inputs = new ArrayList<>();
    final List<String> dryRunCalls = new ArrayList<>();
    final List<Duration> waits = new ArrayList<>();
    RunQuery lastQuery;

    FakeWorkflowRuns published(String workflowId, int latestVersion, String... requiredFields) {
        published.put(workflowId, latestVersion);
        requiredInput.put(workflowId, List.of(requiredFields));
        return this;
    }

    FakeWorkflowRuns disabled(String workflowId) {
        disabled.add(workflowId);
        return this;
    }

    FakeWorkflowRuns skipping(String workflowId, String reason) {
        skips.put(workflowId, reason);
        return this;
    }

    FakeWorkflowRuns add(RunSummary run) {
        runs.put(run.id(), run);
        return this;
    }

    FakeWorkflowRuns add(RunDetail detail) {
        add(detail.run());
        details.put(detail.run().id(), detail);
        return this;
    }

    FakeWorkflowRuns dryRunGives(String workflowId, DryRunResult result) {
        dryRuns.put(workflowId, result);
        return this;
    }

    FakeWorkflowRuns failWith(DevRigException e) {
        failure = e;
        return this;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    private static DevRigException notFound(String workflowId) {
        return new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT,
                "no published workflow with id '" + workflowId + "'");
    }

    @Override
    public RunStart startTriggered(String workflowId, io.devrig.api.flow.RunTrigger trigger) {
        throw new UnsupportedOperationException("the shell starts runs by hand only");
    }

    @Override
    public io.devrig.api.flow.PreparedRun prepareTriggered(String workflowId, io.devrig.api.flow.RunTrigger trigger) {
        throw new UnsupportedOperationException("the shell starts runs by hand only");
    }

    @Override
    public RunStart startPrepared(io.devrig.api.flow.PreparedRun prepared) {
        throw new UnsupportedOperationException("the shell starts runs by hand only");
    }

    @Override
    public RunStart start(String workflowId, String inputJson) {
        check();
        Integer version = published.get(workflowId);
        if (version == null) {
            throw notFound(workflowId);
        }
        if (disabled.contains(workflowId)) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, "workflow " + workflowId + " is disabled");
        }
        JsonNode input;
        try {
            input = MAPPER.readTree(inputJson == null ? "{}" : inputJson);
        } catch (JsonProcessingException e) {
            throw FakeWorkflowDefinitions.invalid("the input is not JSON", List.of("$: not JSON"));
        }
        List<String> problems = new ArrayList<>();
        if (!input.isObject()) {
            problems.add("$: must be an object");
        } else {
            for (String field : requiredInput.get(workflowId)) {
                if (!input.has(field)) {
                    problems.add("$." + field + ": required");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw FakeWorkflowDefinitions.invalid("the input does not match the trigger's input schema", problems);
        }
        inputs.add(inputJson);
        String correlation = "01COR" + (++newIds);
        if (skips.containsKey(workflowId)) {
            return new RunStart(null, 0, correlation, skips.get(workflowId));
        }
        String id = "01RUN" + newIds;
        runs.put(id, new RunSummary(id, workflowId, version, RunStatus.PENDING, correlation, null,
                "2026-11-23T08:00:00Z", null, null, null));
        return new RunStart(id, version, correlation, null);
    }

    @Override
    public Optional<RunSummary> run(String runId) {
        check();
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public Optional<RunDetail> detail(String runId) {
        check();
        RunSummary run = runs.get(runId);
        if (run == null) {
            return Optional.empty();
        }
        RunDetail d = details.get(runId);
        return Optional.of(d != null ? new RunDetail(run, d.input(), d.nodes(), d.logs())
                : new RunDetail(run, "{}", List.of(), List.of()));
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        check();
        lastQuery = query;
        List<RunSummary> newestFirst = new ArrayList<>(runs.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream()
                .filter(r -> query.workflowId() == null || query.workflowId().equals(r.workflowId()))
                .filter(r -> query.status() == null || query.status() == r.status())
                .limit(query.limit()).toList();
    }

    @Override
    public boolean cancel(String runId) {
        check();
        RunSummary r = runs.get(runId);
        if (r == null || r.status().isFinal()) {
            return false;
        }
        runs.put(runId, new RunSummary(r.id(), r.workflowId(), r.workflowVersion(), RunStatus.CANCELLED,
                r.correlationId(), null, r.createdAt(), r.startedAt(), "2026-11-23T08:00:05Z", 5000L));
        return true;
    }

    @Override
    public io.devrig.api.flow.RunRetry retry(String runId, boolean latestVersion) {
        check();
        RunSummary r = runs.get(runId);
        if (r == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no run '" + runId + "'");
        }
        int version = latestVersion ? published.getOrDefault(r.workflowId(), r.workflowVersion()) : r.workflowVersion();
        return new io.devrig.api.flow.RunRetry(runId, r.workflowVersion(), version, List.of(), List.of());
    }

    @Override
    public Optional<RunSummary> await(String runId, Duration timeout) {
        check();
        waits.add(timeout);
        RunSummary r = runs.get(runId);
        if (r == null) {
            return Optional.empty();
        }
        RunSummary now = endsAs == null
                ? new RunSummary(r.id(), r.workflowId(), r.workflowVersion(), RunStatus.RUNNING, r.correlationId(), null,
                        r.createdAt(), "2026-11-23T08:00:01Z", null, null)
                : new RunSummary(r.id(), r.workflowId(), r.workflowVersion(), endsAs, r.correlationId(), endError,
                        r.createdAt(), "2026-11-23T08:00:01Z", "2026-11-23T08:00:02Z", 1234L);
        runs.put(runId, now);
        return Optional.of(now);
    }

    @Override
    public DryRunResult dryRun(String workflowId, boolean draft, String inputJson) {
        check();
        dryRunCalls.add(workflowId + "|" + draft + "|" + inputJson);
        DryRunResult r = dryRuns.get(workflowId);
        if (r == null) {
            throw notFound(workflowId);
        }
        return r;
    }
}
