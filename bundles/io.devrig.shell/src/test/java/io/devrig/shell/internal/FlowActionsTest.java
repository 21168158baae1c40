package io.devrig.shell.internal;

import static io.devrig.shell.internal.CommandTesting.cursorAt;
import static io.devrig.shell.internal.CommandTesting.field;
import static io.devrig.shell.internal.CommandTesting.fields;
import static io.devrig.shell.internal.CommandTesting.prepare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.Workflows;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow and run actions and completers: what Karaf reads, parses and injects, and the wiring. */
class FlowActionsTest {

    private static final String NL = System.lineSeparator();
    private static final List<Class<? extends Action>> WORKFLOW_ACTIONS = List.of(WorkflowListCommand.class,
            WorkflowInfoCommand.class, WorkflowImportCommand.class, WorkflowExportCommand.class,
            WorkflowPublishCommand.class, WorkflowValidateCommand.class);
    private static final List<Class<? extends Action>> RUN_ACTIONS = List.of(RunStartCommand.class, DryRunCommand.class,
            RunListCommand.class, RunShowCommand.class, RunCancelCommand.class);

    @TempDir
    Path dir;

    private final FakeWorkflowDefinitions definitions = new FakeWorkflowDefinitions();
    private final FakeWorkflows workflows = new FakeWorkflows(definitions);
    private final FakeWorkflowRuns runs = new FakeWorkflowRuns();
    private final Leaks.Out out = new Leaks.Out();

    @Test
    void everyCommandIsAKarafServiceInScopeDevrigWithOptionalServiceReferences() {
        Map<String, Class<?>> names = new TreeMap<>();
        for (Class<? extends Action> action : union(WORKFLOW_ACTIONS, RUN_ACTIONS)) {
            assertThat(action).hasAnnotation(Service.class);
            Command command = action.getAnnotation(Command.class);
            assertThat(command.scope()).isEqualTo("devrig");
            assertThat(command.description()).isNotBlank();
            names.put(command.name(), action);
            int services = 0;
            for (Field f : fields(action)) {
                Reference ref = f.getAnnotation(Reference.class);
                if (ref != null && f.getType() != org.apache.karaf.shell.api.console.Session.class) {
                    // one mandatory reference would hold back every command of the bundle
                    assertThat(ref.optional()).as("%s.%s is optional", action.getSimpleName(), f.getName()).isTrue();
                    assertThat(f.getType()).isIn(Workflows.class, WorkflowDefinitions.class, WorkflowRuns.class);
                    services++;
                }
            }
            assertThat(services).as("%s references its services", action.getSimpleName()).isPositive();
        }
        assertThat(names.keySet()).containsExactly("dry-run", "run", "run-cancel", "run-show", "runs", "workflow",
                "workflow-export", "workflow-import", "workflow-publish", "workflow-validate", "workflows");
        for (Class<?> completer : List.of(WorkflowIdCompleter.class, RunIdCompleter.class)) {
            assertThat(completer).hasAnnotation(Service.class);
            for (Field f : completer.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    assertThat(f.getAnnotation(Reference.class).optional()).isTrue();
                }
            }
        }
    }

    @SafeVarargs
    private static List<Class<? extends Action>> union(List<Class<? extends Action>>... lists) {
        List<Class<? extends Action>> all = new ArrayList<>();
        for (List<Class<? extends Action>> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    @Test
    void idsFilesAndStatusesComplete() throws Exception {
        for (Class<?> c : List.of(WorkflowInfoCommand.class, WorkflowExportCommand.class, WorkflowPublishCommand.class,
                RunStartCommand.class, DryRunCommand.class)) {
            assertThat(field(c, "id").getAnnotation(Completion.class).value()).isEqualTo(WorkflowIdCompleter.class);
            assertThat(field(c, "id").getAnnotation(Argument.class).required()).isTrue();
        }
        for (Class<?> c : List.of(RunShowCommand.class, RunCancelCommand.class)) {
            assertThat(field(c, "runId").getAnnotation(Completion.class).value()).isEqualTo(RunIdCompleter.class);
        }
        for (Class<?> c : List.of(WorkflowImportCommand.class, WorkflowValidateCommand.class)) {
            assertThat(field(c, "file").getAnnotation(Completion.class).value()).isEqualTo(FileCompleter.class);
        }
        assertThat(field(WorkflowExportCommand.class, "output").getAnnotation(Completion.class).value())
                .isEqualTo(FileCompleter.class);
        assertThat(field(RunListCommand.class, "workflow").getAnnotation(Completion.class).value())
                .isEqualTo(WorkflowIdCompleter.class);
        Completion status = field(RunListCommand.class, "status").getAnnotation(Completion.class);
        assertThat(status.value()).isEqualTo(StringsCompleter.class);
        assertThat(String.join(", ", status.values())).isEqualTo(FlowText.statusNames());
    }

    @Test
    void karafParsesTheDocumentedCommandLines() throws Exception {
        WorkflowExportCommand export = new WorkflowExportCommand();
        prepare(export, "--draft", "-o", "out.json", "--force", "deploy");
        assertThat(List.<Object>of(export.id, export.draft, export.output, export.force))
                .containsExactly("deploy", true, "out.json", true);
        WorkflowExportCommand version = new WorkflowExportCommand();
        prepare(version, "deploy", "3");
        assertThat(version.version).isEqualTo("3");

        WorkflowImportCommand imp = new WorkflowImportCommand();
        prepare(imp, "--publish", "-m", "first cut", "flows/deploy.json");
        assertThat(List.<Object>of(imp.publish, imp.message, imp.file)).containsExactly(true, "first cut", "flows/deploy.json");

        WorkflowPublishCommand publish = new WorkflowPublishCommand();
        prepare(publish, "-m", "fix retry", "deploy");
        assertThat(List.of(publish.message, publish.id)).containsExactly("fix retry", "deploy");

        RunStartCommand run = new RunStartCommand();
        prepare(run, "--wait", "-t", "120", "deploy", "{\"branch\": \"main\"}");
        assertThat(List.<Object>of(run.wait, run.timeout, run.id, run.json))
                .containsExactly(true, "120", "deploy", "{\"branch\": \"main\"}");

        DryRunCommand dry = new DryRunCommand();
        prepare(dry, "--draft", "deploy");
        assertThat(List.<Object>of(dry.draft, dry.id)).containsExactly(true, "deploy");

        RunListCommand list = new RunListCommand();
        prepare(list, "-w", "deploy", "-s", "failed", "-n", "5");
        assertThat(List.of(list.workflow, list.status, list.limit)).containsExactly("deploy", "failed", "5");

        RunShowCommand show = new RunShowCommand();
        prepare(show, "--logs", "0", "01R1");
        assertThat(List.of(show.logs, show.runId)).containsExactly("0", "01R1");
    }

    // ---- the actions run their commands

    private <A extends WorkflowAction> A wired(A action) {
        action.workflows = workflows;
        action.definitions = definitions;
        action.out = out.stream;
        return action;
    }

    private <A extends RunAction> A wired(A action) {
        action.runs = runs;
        action.out = out.stream;
        return action;
    }

    @Test
    void fileArgumentsAreRelativeToTheSessionsCurrentDirectory() throws Exception {
        definitions.knownActionTypes.add("a.b");
        Files.createDirectories(dir.resolve("flows"));
        Files.writeString(dir.resolve("flows/deploy.json"), WorkflowCommandsTest.definition("deploy", "Deploy", "a.b"));
        FakeSession session = FakeSession.console("");
        session.currentDir(dir);

        WorkflowValidateCommand validate = wired(new WorkflowValidateCommand());
        validate.session = session;
        validate.file = "flows/deploy.json";
        validate.execute();

        WorkflowImportCommand imp = wired(new WorkflowImportCommand());
        imp.session = session;
        imp.file = "flows/../flows/deploy.json";
        imp.publish = true;
        imp.message = "first";
        imp.execute();

        WorkflowExportCommand export = wired(new WorkflowExportCommand());
        export.session = session;
        export.id = "deploy";
        export.output = "exported.json";
        export.execute();

        assertThat(out.text()).isEqualTo("valid" + NL + "Created workflow deploy (draft saved)." + NL
                + "Published deploy as version 1." + NL + "Wrote version 1 of workflow deploy to "
                + dir.resolve("exported.json") + "." + NL);
        assertThat(definitions.parse(Files.readString(dir.resolve("exported.json"))).version()).isEqualTo(1);

        CommandException e = catchThrowableOfType(CommandException.class, export::execute);
        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: " + dir.resolve("exported.json")
                + " exists; add --force to overwrite it" + NL);

        validate.file = "missing.json";
        e = catchThrowableOfType(CommandException.class, validate::execute);
        assertThat(e.getNiceHelp()).isEqualTo("Error: no such file: " + dir.resolve("missing.json"));
    }

    @Test
    void absoluteAndHomePathsAreKept() throws Exception {
        Path absolute = dir.resolve("a.json");
        assertThat(FlowFiles.resolve(Path.of("/elsewhere"), absolute.toString())).isEqualTo(absolute);
        assertThat(FlowFiles.resolve(dir, "~/x.json")).isEqualTo(Path.of(System.getProperty("user.home"), "x.json"));
        assertThat(FlowFiles.resolve(null, "x.json")).isEqualTo(Path.of(System.getProperty("user.dir"), "x.json"));
        assertThat(catchThrowableOfType(CommandException.class, () -> FlowFiles.resolve(dir, " ")).getNiceHelp())
                .isEqualTo("Error: no file given");
        assertThat(catchThrowableOfType(CommandException.class, () -> FlowFiles.resolve(dir, "a\u0000b")).getNiceHelp())
                .isEqualTo("Error: not a valid path: a b");
    }

    @Test
    void theWorkflowActionsRunTheirCommands() throws Exception {
        definitions.knownActionTypes.add("a.b");
        workflows.saveDraft(WorkflowCommandsTest.definition("deploy", "Deploy", "a.b"));

        WorkflowPublishCommand publish = wired(new WorkflowPublishCommand());
        publish.id = "deploy";
        publish.message = "first";
        publish.execute();
        wired(new WorkflowListCommand()).execute();
        WorkflowInfoCommand info = wired(new WorkflowInfoCommand());
        info.id = "deploy";
        info.execute();

        assertThat(out.text()).startsWith("Published deploy as version 1." + NL + "ID ")
                .contains("deploy | Deploy | 1      | yes     | same as v1 |", "Workflow:        deploy" + NL,
                        "1       | 2026-11-23 08:00:01Z | first" + NL);
    }

    @Test
    void theRunActionsParseTheirOptionsAndRunTheirCommands() throws Exception {
        runs.published("deploy", 2);

        RunStartCommand run = wired(new RunStartCommand());
        run.id = "deploy";
        run.json = "{\"a\": 1}";
        run.timeout = "30";
        run.execute();
        assertThat(runs.waits).as("--timeout implies --wait").containsExactly(java.time.Duration.ofSeconds(30));
        assertThat(out.text()).contains("Status:      completed" + NL);

        DryRunCommand dry = wired(new DryRunCommand());
        dry.id = "deploy";
        dry.stdin = true;
        dry.in = new ByteArrayInputStream("{\"piped\": true}".getBytes(StandardCharsets.UTF_8));
        catchThrowableOfType(CommandException.class, dry::execute);
        assertThat(runs.dryRunCalls).containsExactly("deploy|false|{\"piped\": true}");

        RunListCommand list = wired(new RunListCommand());
        list.status = "completed";
        list.limit = "10";
        list.execute();
        assertThat(runs.lastQuery.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(runs.lastQuery.limit()).isEqualTo(10);

        RunShowCommand show = wired(new RunShowCommand());
        show.runId = "01RUN1";
        show.execute();
        assertThat(out.text()).contains("Run:         01RUN1" + NL, "No log lines." + NL);

        runs.add(new RunSummary("01LIVE", "deploy", 2, RunStatus.RUNNING, "c", null, "2026-11-23T08:00:00Z",
                "2026-11-23T08:00:00Z", null, null));
        RunCancelCommand cancel = wired(new RunCancelCommand());
        cancel.runId = "01LIVE";
        cancel.execute();
        assertThat(out.text()).endsWith("Cancelled 01LIVE." + NL);
    }

    @Test
    void badOptionValuesAreOneLineAndStartNothing() {
        runs.published("deploy", 2);
        RunStartCommand run = wired(new RunStartCommand());
        run.id = "deploy";
        run.wait = true;
        run.timeout = "soon";
        assertThat(shown(run)).isEqualTo("Error: --timeout must be a whole number from 1 to 86400, not 'soon'" + NL);
        run.timeout = null;
        run.json = "{branch: main}";
        assertThat(shown(run)).startsWith("Error: the input is not valid JSON (line 1, column 2)");
        assertThat(runs.inputs).isEmpty();

        RunListCommand list = wired(new RunListCommand());
        list.status = "finished";
        assertThat(shown(list)).isEqualTo("Error: unknown status 'finished'; use one of: pending, running, completed,"
                + " failed, cancelled, timed_out" + NL);
        list.status = null;
        list.limit = "0";
        assertThat(shown(list)).isEqualTo("Error: --limit must be a whole number from 1 to 1000, not '0'" + NL);
        assertThat(runs.lastQuery).isNull();

        RunShowCommand show = wired(new RunShowCommand());
        show.runId = "x";
        show.logs = "-1";
        assertThat(shown(show)).isEqualTo("Error: --logs must be a whole number from 0 to 10000, not '-1'" + NL);
        assertThat(out.text()).isEmpty();
    }

    private static String shown(Action action) {
        CommandException e = catchThrowableOfType(CommandException.class, action::execute);
        assertThat(e).isNotNull();
        return Leaks.shownByKaraf(e);
    }

    @Test
    void withoutTheServicesTheActionsSayWhatIsNotRunning() {
        WorkflowListCommand list = new WorkflowListCommand();
        list.out = out.stream;
        assertThat(shown(list)).isEqualTo("Error: the workflow store is not running" + NL);
        RunListCommand runList = new RunListCommand();
        runList.out = out.stream;
        assertThat(shown(runList)).isEqualTo("Error: the workflow engine is not running" + NL);
        assertThat(out.text()).isEmpty();
    }

    // ---- completers

    @Test
    void theCompletersOfferWorkflowAndRunIds() {
        definitions.knownActionTypes.add("a.b");
        workflows.saveDraft(WorkflowCommandsTest.definition("deploy", "D", "a.b"));
        workflows.saveDraft(WorkflowCommandsTest.definition("deploy-docs", "D", "a.b"));
        workflows.saveDraft(WorkflowCommandsTest.definition("nightly", "N", "a.b"));
        WorkflowIdCompleter ids = new WorkflowIdCompleter();
        ids.workflows = workflows;
        List<String> candidates = new ArrayList<>();
        ids.complete(FakeSession.console(""), cursorAt("devrig:workflow", "dep"), candidates);
        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder("deploy", "deploy-docs");

        runs.add(new RunSummary("01RA", "w", 1, RunStatus.RUNNING, "c", null, "t", null, null, null));
        runs.add(new RunSummary("01RB", "w", 1, RunStatus.FAILED, "c", null, "t", null, null, null));
        runs.add(new RunSummary("02RC", "w", 1, RunStatus.FAILED, "c", null, "t", null, null, null));
        RunIdCompleter runIds = new RunIdCompleter();
        runIds.runs = runs;
        List<String> runCandidates = new ArrayList<>();
        runIds.complete(FakeSession.console(""), cursorAt("devrig:run-show", "01"), runCandidates);
        assertThat(runCandidates).extracting(String::strip).containsExactlyInAnyOrder("01RA", "01RB");
        assertThat(runs.lastQuery.limit()).isEqualTo(RunIdCompleter.RECENT);
    }

    @Test
    void theCompletersOfferNothingWithoutTheirServiceOrWhenItFails() {
        List<String> candidates = new ArrayList<>();
        WorkflowIdCompleter failingStore = new WorkflowIdCompleter();
        failingStore.workflows = workflows.failWith(new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "busy"));
        RunIdCompleter failingEngine = new RunIdCompleter();
        failingEngine.runs = runs.failWith(new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "busy"));
        for (Completer c : List.of(new WorkflowIdCompleter(), new RunIdCompleter(), failingStore, failingEngine)) {
            assertThat(c.complete(FakeSession.console(""), cursorAt("devrig:run", ""), candidates)).isEqualTo(-1);
        }
        assertThat(candidates).isEmpty();
    }
}
