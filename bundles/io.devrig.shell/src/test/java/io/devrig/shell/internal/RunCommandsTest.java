package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunLogEntry;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.ValidationReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RunCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final String ERROR = "{\"code\":\"HTTP_TIMEOUT\",\"category\":\"transient\",\"message\":\"api.github.com did not answer\"}";

    private final FakeWorkflowRuns runs = new FakeWorkflowRuns();
    private final Leaks.Out out = new Leaks.Out();
    private final RunCommands commands = new RunCommands(runs, out.stream);

    private CommandException failure(ThrowingCallable call) {
        CommandException e = catchThrowableOfType(CommandException.class, call);
        assertThat(e).as("the command fails").isNotNull();
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL).doesNotContain("Exception");
        return e;
    }

    static RunSummary run(String id, String workflow, int version, RunStatus status, String started, Long ms) {
        return new RunSummary(id, workflow, version, status, "cor-" + id, status == RunStatus.FAILED ? ERROR : null,
                "2026-11-23T07:59:59Z", started, ms == null ? null : "2026-11-23T08:10:00Z", ms);
    }

    // ---- run

    @Test
    void runStartsTheLatestVersionAndPrintsItsIds() throws Exception {
        runs.published("deploy", 3);

        commands.start("deploy", "{\"branch\": \"main\"}", false, 60);

        assertThat(out.text()).isEqualTo(String.join(NL, "Run:         01RUN1", "Workflow:    deploy", "Version:     3",
                "Correlation: 01COR1", ""));
        assertThat(runs.inputs).containsExactly("{\"branch\": \"main\"}");
        assertThat(runs.waits).isEmpty();
    }

    @Test
    void runWithWaitPrintsTheFinalStatus() throws Exception {
        runs.published("deploy", 3);

        commands.start("deploy", null, true, 90);

        assertThat(out.text()).isEqualTo(String.join(NL, "Run:         01RUN1", "Workflow:    deploy", "Version:     3",
                "Correlation: 01COR1", "Status:      completed", "Duration:    1.2 s", ""));
        assertThat(runs.waits).containsExactly(Duration.ofSeconds(90));
        assertThat(runs.inputs).containsExactly((String) null);
    }

    @Test
    void aWaitedForRunThatFailedFailsTheCommandWithItsError() {
        runs.published("deploy", 3);
        runs.endsAs = RunStatus.FAILED;
        runs.endError = ERROR;

        CommandException e = failure(() -> commands.start("deploy", null, true, 60));

        assertThat(out.text()).contains("Status:      failed" + NL,
                "Error:       HTTP_TIMEOUT (transient): api.github.com did not answer" + NL);
        assertThat(e.getNiceHelp())
                .isEqualTo("Error: run 01RUN1 ended failed: HTTP_TIMEOUT (transient): api.github.com did not answer");
    }

    @Test
    void aRunStillGoingWhenTheWaitEndsFailsTheCommand() {
        runs.published("deploy", 3);
        runs.endsAs = null;

        CommandException e = failure(() -> commands.start("deploy", null, true, 5));

        assertThat(out.text()).contains("Status:      running" + NL, "Duration:    -" + NL);
        assertThat(e.getNiceHelp()).isEqualTo("Error: run 01RUN1 is still running after 5 s (see devrig:run-show 01RUN1)");
    }

    @Test
    void aSkippedStartPrintsTheReasonAndIsNoFailure() throws Exception {
        runs.published("deploy", 3).skipping("deploy", "entry condition $.branch == 'main' does not hold");

        commands.start("deploy", "{\"branch\": \"dev\"}", true, 60);

        assertThat(out.text()).isEqualTo("Workflow deploy was not started: entry condition $.branch == 'main' does not hold" + NL);
        assertThat(runs.waits).isEmpty();
    }

    @Test
    void runOfAnUnknownOrDisabledWorkflowIsTheEnginesMessage() {
        runs.published("off", 1).disabled("off");
        assertThat(failure(() -> commands.start("nope", null, false, 60)).getNiceHelp())
                .isEqualTo("Error: no published workflow with id 'nope'");
        assertThat(failure(() -> commands.start("off", null, false, 60)).getNiceHelp())
                .isEqualTo("Error: workflow off is disabled");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void inputThatDoesNotMatchTheSchemaListsTheProblems() {
        runs.published("deploy", 3, "branch", "sha");

        CommandException e = failure(() -> commands.start("deploy", "{}", false, 60));

        assertThat(out.text()).isEqualTo(String.join(NL, "Problems with the input:", "  $.branch: required",
                "  $.sha: required", ""));
        assertThat(e.getNiceHelp()).isEqualTo("Error: the input is not valid (2 problems); no run started");
        assertThat(runs.inputs).isEmpty();
    }

    @Test
    void inputThatIsNotAJsonObjectIsRefusedBeforeTheEngineSeesIt() {
        // what Gogo hands over for an unquoted {"branch": "main"}
        assertThat(failure(() -> RunCommands.input("{branch: main}", false, null)).getNiceHelp())
                .isEqualTo("Error: the input is not valid JSON (line 1, column 2). Put it in single quotes: '{\"key\": \"value\"}'");
        assertThat(failure(() -> RunCommands.input("[1, 2]", false, null)).getNiceHelp())
                .isEqualTo("Error: the input must be a JSON object: '{\"key\": \"value\"}'");
        assertThat(failure(() -> RunCommands.input("{} {}", false, null)).getNiceHelp())
                .startsWith("Error: the input is not valid JSON (more than one JSON value");
        assertThat(failure(() -> RunCommands.input("{}", true, stdin("{}"))).getNiceHelp())
                .isEqualTo("Error: give the input as an argument or with --stdin, not both");
        assertThat(failure(() -> RunCommands.input("{", true, null)).getNiceHelp()).contains("not both");
        assertThat(failure(() -> RunCommands.input(null, true, stdin("{\"a\":"))).getNiceHelp())
                .isEqualTo("Error: the input is not valid JSON (line 1, column 6)");
    }

    @Test
    void inputFromTheArgumentOrStandardInput() throws Exception {
        assertThat(RunCommands.input(null, false, null)).isNull();
        assertThat(RunCommands.input(" {\"a\": 1} ", false, null)).isEqualTo(" {\"a\": 1} ");
        assertThat(RunCommands.input(null, true, stdin("{\"a\": 2}\n"))).isEqualTo("{\"a\": 2}\n");
        assertThat(RunCommands.input(null, true, stdin(""))).isNull();
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- dry-run

    private static NodeRun node(String id, NodeRunStatus status, String output, String error) {
        return new NodeRun("nr-" + id, "dry1", id, "http.request", status, null, output, error, 1,
                "2026-11-23T08:00:00Z", "2026-11-23T08:00:01Z", 1000L);
    }

    @Test
    void dryRunPrintsThePathAndANodeTableWithShortOutputs() throws Exception {
        String longOutput = "{\"body\": \"" + "x".repeat(100) + "\"}";
        runs.dryRunGives("deploy", new DryRunResult("dry1", "deploy", 0, new ValidationReport(List.of(),
                List.of("$.nodes[3]: not reachable"), List.of()),
                List.of(node("check", NodeRunStatus.COMPLETED, "{\n  \"ok\": true\n}", null),
                        node("merge", NodeRunStatus.PREVIEWED, longOutput, null),
                        node("skipme", NodeRunStatus.SKIPPED, null, null)),
                List.of("check", "merge"), RunStatus.COMPLETED, null));

        commands.dryRun("deploy", true, "{\"branch\": \"main\"}");

        String cut = "{\"body\":\"" + "x".repeat(48) + "...";
        assertThat(cut).hasSize(FlowText.SUMMARY_WIDTH);
        assertThat(out.text()).isEqualTo(String.join(NL,
                "Dry run of workflow deploy (the draft): completed",
                "Warnings:",
                "  $.nodes[3]: not reachable",
                "Path: check -> merge",
                "NODE   | STATUS    | OUTPUT",
                "-------+-----------+-------------------------------------------------------------",
                "check  | completed | {\"ok\":true}",
                "merge  | previewed | " + cut,
                "skipme | skipped   | -", ""));
        assertThat(runs.dryRunCalls).containsExactly("deploy|true|{\"branch\": \"main\"}");
    }

    @Test
    void aFailedDryRunShowsTheNodesErrorAndFails() {
        runs.dryRunGives("deploy", new DryRunResult("dry1", "deploy", 2, new ValidationReport(List.of(), List.of(), List.of()),
                List.of(node("call", NodeRunStatus.FAILED, null, ERROR)), List.of("call"), RunStatus.FAILED, ERROR));

        CommandException e = failure(() -> commands.dryRun("deploy", false, null));

        assertThat(out.text()).startsWith("Dry run of workflow deploy (version 2): failed" + NL)
                .contains("call | failed | error: HTTP_TIMEOUT (transient): api.github.com did not a...");
        assertThat(e.getNiceHelp()).isEqualTo(
                "Error: the dry run of workflow deploy ended failed: HTTP_TIMEOUT (transient): api.github.com did not answer");
    }

    @Test
    void aDryRunOfAnInvalidGraphListsTheValidationErrors() {
        runs.dryRunGives("deploy", new DryRunResult("dry1", "deploy", 0, new ValidationReport(
                List.of("$.edges[0]: cycle a -> b -> a", "$.nodes[1].config.url: template does not compile"),
                List.of(), List.of()), List.of(), List.of(), RunStatus.FAILED, null));

        CommandException e = failure(() -> commands.dryRun("deploy", true, null));

        assertThat(out.text()).isEqualTo(String.join(NL, "Problems in the draft of workflow deploy:",
                "  $.edges[0]: cycle a -> b -> a", "  $.nodes[1].config.url: template does not compile", ""));
        assertThat(e.getNiceHelp()).isEqualTo("Error: workflow deploy did not dry-run (2 problems)");
    }

    @Test
    void aDryRunOfAnUnknownWorkflowIsOneLine() {
        assertThat(failure(() -> commands.dryRun("nope", false, null)).getNiceHelp())
                .isEqualTo("Error: no published workflow with id 'nope'");
    }

    // ---- runs

    @Test
    void runsListsTheNewestRunsAsATable() throws Exception {
        runs.add(run("01R1", "deploy", 1, RunStatus.COMPLETED, "2026-11-23T08:00:00Z", 250L));
        runs.add(run("01R2", "nightly", 4, RunStatus.FAILED, "2026-11-23T08:05:00Z", 125_000L));
        runs.add(run("01R3", "deploy", 2, RunStatus.PENDING, null, null));

        commands.list(null, null, 50);

        assertThat(out.text()).isEqualTo(String.join(NL,
                "RUN  | WORKFLOW | VERSION | STATUS    | STARTED              | DURATION",
                "-----+----------+---------+-----------+----------------------+----------",
                "01R3 | deploy   | 2       | pending   | -                    | -",
                "01R2 | nightly  | 4       | failed    | 2026-11-23 08:05:00Z | 2 min 5 s",
                "01R1 | deploy   | 1       | completed | 2026-11-23 08:00:00Z | 250 ms", ""));
    }

    @Test
    void runsFiltersByWorkflowAndStatusAndSaysWhenTheLimitCut() throws Exception {
        runs.add(run("01R1", "deploy", 1, RunStatus.FAILED, "2026-11-23T08:00:00Z", 1L));
        runs.add(run("01R2", "deploy", 1, RunStatus.FAILED, "2026-11-23T08:00:00Z", 1L));
        runs.add(run("01R3", "other", 1, RunStatus.FAILED, "2026-11-23T08:00:00Z", 1L));
        runs.add(run("01R4", "deploy", 1, RunStatus.COMPLETED, "2026-11-23T08:00:00Z", 1L));

        commands.list("deploy", FlowText.runStatus("failed"), 1);

        assertThat(out.text()).contains("01R2").doesNotContain("01R1", "01R3", "01R4")
                .endsWith("(the newest 1; see more with --limit)" + NL);
        assertThat(runs.lastQuery.workflowId()).isEqualTo("deploy");
        assertThat(runs.lastQuery.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void noRunsSaysSo() throws Exception {
        commands.list(null, RunStatus.RUNNING, 50);
        assertThat(out.text()).isEqualTo("No runs." + NL);
    }

    @Test
    void statusNamesAreTheJsonOnesAndOthersAreRefusedWithTheList() throws Exception {
        assertThat(FlowText.runStatus("timed_out")).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(FlowText.runStatus(" Cancelled ")).isEqualTo(RunStatus.CANCELLED);
        assertThat(FlowText.runStatus(null)).isNull();
        assertThat(failure(() -> FlowText.runStatus("done")).getNiceHelp()).isEqualTo(
                "Error: unknown status 'done'; use one of: pending, running, completed, failed, cancelled, timed_out");
        assertThat(failure(() -> FlowText.runStatus("timed-out")).getNiceHelp()).startsWith("Error: unknown status 'timed-out'");
    }

    // ---- run-show

    @Test
    void runShowPrintsTheHeaderTheTimelineAndTheLastLogLines() throws Exception {
        List<RunLogEntry> logs = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            logs.add(new RunLogEntry(String.format("2026-11-23T08:00:%02dZ", i), "01R1", i % 2 == 0 ? "call" : null,
                    "cor", i == 25 ? "error" : "info", "line " + i, null));
        }
        runs.add(new RunDetail(run("01R1", "deploy", 2, RunStatus.FAILED, "2026-11-23T08:00:00Z", 61_000L), "{}",
                List.of(new NodeRun("n1", "01R1", "check", "condition", NodeRunStatus.COMPLETED, null, "true", null, 1,
                                "2026-11-23T08:00:00Z", "2026-11-23T08:00:00Z", 3L),
                        new NodeRun("n2", "01R1", "call", "http.request", NodeRunStatus.FAILED, null, null, ERROR, 3,
                                "2026-11-23T08:00:01Z", "2026-11-23T08:01:01Z", 60_000L)),
                logs));

        commands.show("01R1", 20);

        assertThat(out.text()).startsWith(String.join(NL,
                "Run:         01R1",
                "Workflow:    deploy",
                "Version:     2",
                "Status:      failed",
                "Correlation: cor-01R1",
                "Created:     2026-11-23 07:59:59Z",
                "Started:     2026-11-23 08:00:00Z",
                "Completed:   2026-11-23 08:10:00Z",
                "Duration:    1 min 1 s",
                "Error:       HTTP_TIMEOUT (transient): api.github.com did not answer",
                "",
                "NODE  | ACTION       | STATUS    | ATTEMPT | STARTED              | DURATION",
                "------+--------------+-----------+---------+----------------------+----------",
                "check | condition    | completed | 1       | 2026-11-23 08:00:00Z | 3 ms",
                "call  | http.request | failed    | 3       | 2026-11-23 08:00:01Z | 1 min 0 s",
                "",
                "Node data (secret-looking members masked; long values cut, see --full):",
                "[check] input:  -",
                "[check] output: true",
                "[call] input:  -",
                "[call] error:  HTTP_TIMEOUT (transient): api.github.com did not answer",
                "",
                "Log (last 20 of 25 lines):",
                "2026-11-23 08:00:06Z INFO  [call] line 6",
                "2026-11-23 08:00:07Z INFO  line 7", ""));
        assertThat(out.text()).endsWith("2026-11-23 08:00:25Z ERROR line 25" + NL).doesNotContain("line 5" + NL);
    }

    @Test
    void runShowPrintsEachNodesInputAndOutputWithSecretsMaskedAndTheNodesNeverReached() throws Exception {
        String big = "x".repeat(1500);
        runs.add(new RunDetail(run("01R2", "deploy", 3, RunStatus.FAILED, "2026-11-23T08:00:00Z", 2_000L), "{}",
                List.of(new NodeRun("n1", "01R2", "login", "http.request", NodeRunStatus.COMPLETED,
                                "{\"url\":\"https://x\",\"headers\":{\"Authorization\":\"Bearer abc\"},\"password\":\"hunter2\"}",
                                "{\"access_token\":\"t0k3n\",\"user\":\"ada\",\"apiKey\":null}", null, 1,
                                "2026-11-23T08:00:00Z", "2026-11-23T08:00:01Z", 1000L),
                        new NodeRun("n2", "01R2", "dump", "test.echo", NodeRunStatus.COMPLETED, null,
                                "{\"blob\":\"" + big + "\"}", null, 1, "2026-11-23T08:00:01Z", "2026-11-23T08:00:02Z", 5L)),
                List.of()));
        RunCommands withVersion = new RunCommands(runs, out.stream, (id, version) -> id.equals("deploy") && version == 3
                ? List.of(new RunCommands.PlannedNode("login", "http.request"), new RunCommands.PlannedNode("dump", "test.echo"),
                        new RunCommands.PlannedNode("notify", "notify.send"))
                : List.of());

        withVersion.show("01R2", 0, false);

        String text = out.text();
        assertThat(text).contains("notify | notify.send  | not reached | -       | -");
        assertThat(text).contains("[login] input:  {\"url\":\"https://x\",\"headers\":{\"Authorization\":\"***\"},"
                + "\"password\":\"***\"}");
        assertThat(text).contains("[login] output: {\"access_token\":\"***\",\"user\":\"ada\",\"apiKey\":null}");
        assertThat(text).doesNotContain("hunter2").doesNotContain("t0k3n").doesNotContain("Bearer abc");
        assertThat(text).contains("... (" + (("{\"blob\":\"" + big + "\"}").length() - 1000) + " more characters)");

        Leaks.Out whole = new Leaks.Out();
        new RunCommands(runs, whole.stream).show("01R2", 0, true);
        assertThat(whole.text()).contains(big).doesNotContain("more characters").doesNotContain("not reached");
    }

    @Test
    void aDryRunMasksSecretsInItsOutputsToo() throws Exception {
        assertThat(Json.masked("{\"token\":\"abc\",\"n\":[{\"clientSecret\":{\"a\":1}}],\"ok\":true}"))
                .isEqualTo("{\"token\":\"***\",\"n\":[{\"clientSecret\":\"***\"}],\"ok\":true}");
        assertThat(Json.masked("42")).isEqualTo("42");
        assertThat(Json.masked("{\"password\": \"x\"")).isEqualTo("(not one JSON value; not shown)");
        assertThat(Json.masked(null)).isEmpty();
    }

    @Test
    void runShowWithoutLogsOrNodes() throws Exception {
        runs.add(run("01R1", "deploy", 1, RunStatus.PENDING, null, null));

        commands.show("01R1", 0);
        assertThat(out.text()).endsWith("Error:       -" + NL + NL + "No node has run yet." + NL);

        Leaks.Out again = new Leaks.Out();
        new RunCommands(runs, again.stream).show("01R1", 5);
        assertThat(again.text()).endsWith("No node has run yet." + NL + NL + "No log lines." + NL);
    }

    @Test
    void runShowOfAnUnknownRunIsOneLine() {
        assertThat(failure(() -> commands.show("nope", 20)).getNiceHelp()).isEqualTo("Error: no run with id 'nope'");
    }

    // ---- run-cancel

    @Test
    void runCancelCancelsARunningRun() throws Exception {
        runs.add(run("01R1", "deploy", 1, RunStatus.RUNNING, "2026-11-23T08:00:00Z", null));

        commands.cancel("01R1");

        assertThat(out.text()).isEqualTo("Cancelled 01R1." + NL);
        assertThat(runs.run("01R1").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void runCancelOfAFinishedOrUnknownRunSaysSo() {
        runs.add(run("01R1", "deploy", 1, RunStatus.TIMED_OUT, "2026-11-23T08:00:00Z", 5L));

        assertThat(failure(() -> commands.cancel("01R1")).getNiceHelp())
                .isEqualTo("Error: run 01R1 is not running (status: timed_out)");
        assertThat(failure(() -> commands.cancel("nope")).getNiceHelp()).isEqualTo("Error: no run with id 'nope'");
        assertThat(out.text()).isEmpty();
    }

    // ---- the engine down or failing

    @Test
    void everyCommandSaysSoWhenTheEngineIsNotRunning() {
        RunCommands none = new RunCommands(null, out.stream);
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> none.start("w", null, false, 1),
                () -> none.dryRun("w", false, null), () -> none.list(null, null, 1), () -> none.show("r", 1),
                () -> none.cancel("r"))) {
            assertThat(failure(call).getNiceHelp()).isEqualTo("Error: the workflow engine is not running");
        }
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aFailingEngineIsOneErrorLine() {
        runs.failWith(new DevRigException(ErrorCodes.DB_UNAVAILABLE, ErrorCategory.TRANSIENT, "the database is closed"));
        assertThat(failure(() -> commands.list(null, null, 5)).getNiceHelp()).isEqualTo("Error: the database is closed");
        assertThat(failure(() -> commands.start("w", null, false, 1)).getNiceHelp()).isEqualTo("Error: the database is closed");
    }
}
