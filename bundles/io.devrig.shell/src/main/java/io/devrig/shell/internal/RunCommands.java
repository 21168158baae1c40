package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunLogEntry;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowRuns;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the run commands ({@code run}, {@code dry-run}, {@code runs}, {@code run-show},
 * {@code run-cancel}) do, without the shell. The service may be null (not running): every
 * command then fails with one {@code Error: ...} line. A run that was waited for and did
 * not complete, and a dry-run that did not complete, fail the command after their output,
 * so that a script sees it.
 */
final class RunCommands {

    static final String NOT_RUNNING = "the workflow engine is not running";
    static final int DEFAULT_LIMIT = 50;
    static final int DEFAULT_WAIT_SECONDS = 60;
    static final int DEFAULT_LOG_LINES = 20;

    /** How much of a node's input or output {@code run-show} prints without {@code --full}. */
    static final int DATA_WIDTH = 1000;

    /** A node of a workflow version: its id and its action type (the node type for others). */
    record PlannedNode(String id, String action) {
    }

    private final WorkflowRuns runs;
    private final PrintStream out;
    /** The nodes of a workflow version, in definition order (empty when unknown). */
    private final BiFunction<String, Integer, List<PlannedNode>> versionNodes;

    RunCommands(WorkflowRuns runs, PrintStream out) {
        this(runs, out, (id, version) -> List.of());
    }

    RunCommands(WorkflowRuns runs, PrintStream out, BiFunction<String, Integer, List<PlannedNode>> versionNodes) {
        this.runs = runs;
        this.out = Objects.requireNonNull(out, "out");
        this.versionNodes = Objects.requireNonNull(versionNodes, "versionNodes");
    }

    /**
     * {@code run <id> [json]}: starts a run of the latest version and, with {@code wait},
     * waits up to {@code waitSeconds} for its end.
     */
    void start(String id, String input, boolean wait, int waitSeconds) throws CommandException {
        WorkflowRuns engine = runs();
        RunStart started;
        try {
            started = engine.start(id, input);
        } catch (DevRigException e) {
            throw invalidInput(e, "no run started");
        }
        if (!started.started()) {
            out.println("Workflow " + PluginText.clean(id) + " was not started: " + PluginText.orDash(started.skipped()));
            return;
        }
        FieldList f = new FieldList()
                .add("Run", started.runId())
                .add("Workflow", id)
                .add("Version", Integer.toString(started.workflowVersion()))
                .add("Correlation", started.correlationId());
        if (!wait) {
            f.print(out);
            return;
        }
        Optional<RunSummary> ended;
        try {
            ended = engine.await(started.runId(), Duration.ofSeconds(waitSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.print(out);
            throw ErrorLine.of("stopped waiting for run " + started.runId() + "; it goes on (see devrig:run-show "
                    + started.runId() + ")");
        } catch (DevRigException e) {
            f.print(out);
            throw ErrorLine.of(e);
        }
        if (ended.isEmpty()) {
            f.print(out);
            throw ErrorLine.of("run " + started.runId() + " is gone (the workflow was deleted?)");
        }
        RunSummary run = ended.get();
        f.add("Status", FlowText.status(run.status()));
        f.add("Duration", FlowText.duration(run.durationMs()));
        if (run.error() != null) {
            f.add("Error", FlowText.error(run.error()));
        }
        f.print(out);
        if (run.status() == null || !run.status().isFinal()) {
            throw ErrorLine.of("run " + run.id() + " is still " + FlowText.status(run.status()) + " after " + waitSeconds
                    + " s (see devrig:run-show " + run.id() + ")");
        }
        if (run.status() != RunStatus.COMPLETED) {
            throw ErrorLine.of("run " + run.id() + " ended " + run.status().json()
                    + (run.error() == null ? "" : ": " + FlowText.error(run.error())));
        }
    }

    /** {@code dry-run <id> [json] [--draft]}: the path taken and what each node did or would do. */
    void dryRun(String id, boolean draft, String input) throws CommandException {
        WorkflowRuns engine = runs();
        DryRunResult r;
        try {
            r = engine.dryRun(id, draft, input);
        } catch (DevRigException e) {
            throw invalidInput(e, "nothing ran");
        }
        String what = r.workflowVersion() < 1 ? "the draft" : "version " + r.workflowVersion();
        ValidationReport report = r.validation();
        if (report != null && !report.valid()) {
            FlowText.printList(out, "Problems in " + what + " of workflow " + PluginText.clean(id) + ":", report.errors());
            FlowText.printList(out, "Warnings:", report.warnings());
            throw ErrorLine.of("workflow " + id + " did not dry-run (" + FlowText.count(report.errors().size(), "problem")
                    + ")");
        }
        out.println("Dry run of workflow " + PluginText.clean(id) + " (" + what + "): " + FlowText.status(r.status()));
        if (report != null) {
            FlowText.printList(out, "Warnings:", report.warnings());
        }
        out.println("Path: " + (r.path().isEmpty() ? "-"
                : String.join(" -> ", r.path().stream().map(PluginText::orDash).toList())));
        if (!r.nodes().isEmpty()) {
            ShellTable table = new ShellTable();
            table.column("NODE");
            table.column("STATUS");
            table.column("OUTPUT");
            for (NodeRun n : r.nodes()) {
                table.addRow().addContent(PluginText.orDash(n.nodeId()), n.status() == null ? "-" : n.status().json(),
                        outputSummary(n));
            }
            table.print(out);
        }
        if (r.status() != RunStatus.COMPLETED) {
            throw ErrorLine.of("the dry run of workflow " + id + " ended " + FlowText.status(r.status())
                    + (r.error() == null ? "" : ": " + FlowText.error(r.error())));
        }
    }

    // a node's output on one line, or its error; cut to fit a table row
    private static String outputSummary(NodeRun n) {
        if (n.error() != null && !n.error().isBlank()) {
            return FlowText.truncate("error: " + FlowText.error(n.error()), FlowText.SUMMARY_WIDTH);
        }
        String output = Json.masked(n.output());
        return output.isEmpty() ? "-" : FlowText.truncate(output, FlowText.SUMMARY_WIDTH);
    }

    /** {@code runs}: the newest runs, filtered. */
    void list(String workflowId, RunStatus status, int limit) throws CommandException {
        List<RunSummary> found = call(e -> e.runs(new RunQuery(workflowId, status, limit)));
        if (found.isEmpty()) {
            out.println("No runs.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("RUN");
        table.column("WORKFLOW");
        table.column("VERSION");
        table.column("STATUS");
        table.column("STARTED");
        table.column("DURATION");
        for (RunSummary r : found) {
            table.addRow().addContent(PluginText.orDash(r.id()), PluginText.orDash(r.workflowId()), r.workflowVersion(),
                    FlowText.status(r.status()), FlowText.time(r.startedAt()), FlowText.duration(r.durationMs()));
        }
        table.print(out);
        if (found.size() >= limit) {
            out.println("(the newest " + limit + "; see more with --limit)");
        }
    }

    /** {@code run-show <runId>}: the run, its node timeline and its last log lines. */
    void show(String runId, int logLines) throws CommandException {
        show(runId, logLines, false);
    }

    /**
     * {@code run-show <runId> [--full]}: the run; its node timeline, with the nodes of its
     * version that it never reached listed as {@code not reached}; each node's input and
     * output (or error) with secret-looking members masked, cut at {@value #DATA_WIDTH}
     * characters unless {@code full}; and its last log lines.
     */
    void show(String runId, int logLines, boolean full) throws CommandException {
        RunDetail detail = call(e -> e.detail(runId)).orElseThrow(() -> notFound(runId));
        RunSummary run = detail.run();
        new FieldList()
                .add("Run", run.id())
                .add("Workflow", run.workflowId())
                .add("Version", Integer.toString(run.workflowVersion()))
                .add("Status", FlowText.status(run.status()))
                .add("Correlation", run.correlationId())
                .add("Created", FlowText.time(run.createdAt()))
                .add("Started", FlowText.time(run.startedAt()))
                .add("Completed", FlowText.time(run.completedAt()))
                .add("Duration", FlowText.duration(run.durationMs()))
                .add("Error", FlowText.error(run.error()))
                .print(out);
        out.println();
        java.util.Set<String> seen = new java.util.HashSet<>();
        detail.nodes().forEach(n -> seen.add(n.nodeId()));
        List<PlannedNode> unreached = run.status() != null && run.status().isFinal()
                ? versionNodes.apply(run.workflowId(), run.workflowVersion()).stream()
                        .filter(p -> !seen.contains(p.id())).toList()
                : List.of();
        if (detail.nodes().isEmpty() && unreached.isEmpty()) {
            out.println("No node has run yet.");
        } else {
            ShellTable table = new ShellTable();
            table.column("NODE");
            table.column("ACTION");
            table.column("STATUS");
            table.column("ATTEMPT");
            table.column("STARTED");
            table.column("DURATION");
            for (NodeRun n : detail.nodes()) {
                table.addRow().addContent(PluginText.orDash(n.nodeId()), PluginText.orDash(n.actionType()),
                        n.status() == null ? "-" : n.status().json(), n.attempt(), FlowText.time(n.startedAt()),
                        FlowText.duration(n.durationMs()));
            }
            for (PlannedNode p : unreached) {
                table.addRow().addContent(PluginText.orDash(p.id()), PluginText.orDash(p.action()), "not reached", "-",
                        "-", "-");
            }
            table.print(out);
            printNodeData(detail.nodes(), full);
        }
        if (logLines == 0) {
            return;
        }
        out.println();
        List<RunLogEntry> logs = detail.logs();
        if (logs.isEmpty()) {
            out.println("No log lines.");
            return;
        }
        List<RunLogEntry> tail = logs.subList(Math.max(0, logs.size() - logLines), logs.size());
        out.println(tail.size() == logs.size() ? "Log:" : "Log (last " + tail.size() + " of " + logs.size() + " lines):");
        for (RunLogEntry l : tail) {
            String level = l.level() == null ? "-" : PluginText.clean(l.level()).toUpperCase(Locale.ROOT);
            out.println(FlowText.time(l.timestamp()) + " " + String.format("%-5s", level) + " "
                    + (l.nodeId() == null ? "" : "[" + PluginText.clean(l.nodeId()) + "] ") + PluginText.clean(l.message()));
        }
    }

    /** Each node's input and output, or its error: what a user debugging the run needs. */
    private void printNodeData(List<NodeRun> nodes, boolean full) {
        boolean any = nodes.stream().anyMatch(n -> n.input() != null || n.output() != null || n.error() != null);
        if (!any) {
            return;
        }
        out.println();
        out.println("Node data (secret-looking members masked" + (full ? "" : "; long values cut, see --full") + "):");
        for (NodeRun n : nodes) {
            String node = "[" + PluginText.orDash(n.nodeId()) + "] ";
            out.println(node + "input:  " + data(n.input(), full));
            if (n.error() != null && !n.error().isBlank()) {
                out.println(node + "error:  " + FlowText.error(n.error()));
            } else {
                out.println(node + "output: " + data(n.output(), full));
            }
        }
    }

    private static String data(String json, boolean full) {
        String masked = Json.masked(json);
        if (masked.isEmpty()) {
            return "-";
        }
        return full || masked.length() <= DATA_WIDTH ? masked
                : masked.substring(0, DATA_WIDTH) + "... (" + (masked.length() - DATA_WIDTH) + " more characters)";
    }

    /** {@code run-cancel <runId>}. */
    void cancel(String runId) throws CommandException {
        if (call(e -> e.cancel(runId))) {
            out.println("Cancelled " + PluginText.clean(runId) + ".");
            return;
        }
        RunSummary run = call(e -> e.run(runId)).orElseThrow(() -> notFound(runId));
        throw ErrorLine.of("run " + runId + " is not running (status: " + FlowText.status(run.status()) + ")");
    }

    /**
     * An input the engine refused ({@code INVALID_INPUT} with its {@code problems}): the
     * problems one per line, then {@code the input is not valid for workflow <id> (N problems); <consequence>}.
     */
    private CommandException invalidInput(DevRigException e, String consequence) {
        List<String> problems = FlowText.problems(e);
        if (problems.isEmpty()) {
            return ErrorLine.of(e);
        }
        FlowText.printList(out, "Problems with the input:", problems);
        return ErrorLine.of("the input is not valid (" + FlowText.count(problems.size(), "problem") + "); " + consequence);
    }

    private WorkflowRuns runs() throws CommandException {
        if (runs == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return runs;
    }

    private <T> T call(Function<WorkflowRuns, T> work) throws CommandException {
        WorkflowRuns engine = runs();
        try {
            return work.apply(engine);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
    }

    static CommandException notFound(String runId) {
        return ErrorLine.of("no run with id '" + runId + "'");
    }

    /**
     * The run input of {@code run} and {@code dry-run}: the argument or, with {@code stdin},
     * standard input; null when neither (the engine then uses {@code {}}). It must be one
     * JSON object; the error line gives where the syntax breaks, never the text.
     */
    static String input(String json, boolean stdin, InputStream in) throws CommandException {
        if (stdin && json != null) {
            throw ErrorLine.of("give the input as an argument or with --stdin, not both");
        }
        String input = stdin ? StdinText.read(in, "input") : json;
        if (input == null || (stdin && input.isBlank())) {
            return null;
        }
        String syntax = input.isBlank() ? "no JSON value" : Json.syntaxError(input);
        if (syntax != null) {
            // at the console the usual cause: Gogo strips the double quotes of unquoted {"a": "b"}
            throw ErrorLine.of("the input is not valid JSON (" + syntax + ")"
                    + (stdin ? "" : ". Put it in single quotes: '{\"key\": \"value\"}'"));
        }
        if (!Json.isObject(input)) {
            throw ErrorLine.of("the input must be a JSON object: '{\"key\": \"value\"}'");
        }
        return input;
    }
}
