package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowVersionInfo;
import io.devrig.api.flow.Workflows;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:workflow*} commands do, without the shell. Either service may be
 * null (not running); a command that needs it then fails with one {@code Error: ...} line.
 * A definition with problems is answered with the problems, one per line with its JSON
 * path, and then the error line, so that a script sees a failure.
 */
final class WorkflowCommands {

    static final String WORKFLOWS_NOT_RUNNING = "the workflow store is not running";
    static final String DEFINITIONS_NOT_RUNNING = "the workflow definition service is not running";

    private final Workflows workflows;
    private final WorkflowDefinitions definitions;
    private final PrintStream out;

    WorkflowCommands(Workflows workflows, WorkflowDefinitions definitions, PrintStream out) {
        this.workflows = workflows;
        this.definitions = definitions;
        this.out = Objects.requireNonNull(out, "out");
    }

    /** {@code workflows}: one row per workflow, newest change first as the store lists them. */
    void list() throws CommandException {
        List<WorkflowSummary> all = call(Workflows::list);
        if (all.isEmpty()) {
            out.println("No workflows.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("NAME");
        table.column("LATEST");
        table.column("ENABLED");
        table.column("DRAFT");
        table.column("UPDATED");
        for (WorkflowSummary w : all) {
            table.addRow().addContent(PluginText.orDash(w.id()), PluginText.orDash(w.name()), FlowText.latest(w),
                    FlowText.yesNo(w.enabled()), FlowText.draftState(w), FlowText.time(w.updatedAt()));
        }
        table.print(out);
    }

    /** {@code workflow <id>}: its fields, draft state, and published versions. */
    void show(String id) throws CommandException {
        WorkflowSummary w = call(s -> s.get(id)).orElseThrow(() -> notFound(id));
        List<WorkflowVersionInfo> versions = call(s -> s.versions(id));
        FieldList f = new FieldList();
        f.add("Workflow", w.id());
        f.add("Name", w.name());
        f.add("Description", w.description());
        f.add("Enabled", FlowText.yesNo(w.enabled()));
        f.add("Latest", FlowText.latest(w));
        f.add("Draft", FlowText.draftState(w));
        if (w.hasDraft()) {
            List<String> missing = missingActionTypes(id);
            if (missing != null) {
                f.add("Missing actions", missing.isEmpty() ? "none" : String.join(", ", missing));
            }
        }
        f.add("Created", FlowText.time(w.createdAt()));
        f.add("Updated", FlowText.time(w.updatedAt()));
        f.print(out);
        out.println();
        if (versions.isEmpty()) {
            out.println("No published versions.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("VERSION");
        table.column("PUBLISHED");
        table.column("CHANGE SUMMARY");
        for (WorkflowVersionInfo v : versions) {
            table.addRow().addContent(v.version(), FlowText.time(v.createdAt()), PluginText.orDash(v.changeSummary()));
        }
        table.print(out);
    }

    // the draft's action types no plugin provides; null when that cannot be told (service down or failing)
    private List<String> missingActionTypes(String id) {
        if (definitions == null) {
            return null;
        }
        try {
            Optional<WorkflowDefinition> draft = workflows.draft(id);
            return draft.isEmpty() ? null
                    : definitions.validate(draft.get(), true).missingActionTypes().stream().map(PluginText::clean).toList();
        } catch (DevRigException e) {
            return null;
        }
    }

    /**
     * {@code workflow-import <file> [--publish]}: saves the file as the workflow's draft,
     * and with {@code publish} publishes it too.
     */
    void importFile(Path file, boolean publish, String changeSummary) throws CommandException {
        Workflows store = workflows();
        String json = readDefinition(file, "nothing saved");
        DraftSaveResult saved;
        try {
            saved = store.saveDraft(json);
        } catch (DevRigException e) {
            throw invalid(e, "Problems in " + file + ":", file + " is not a valid workflow", "nothing saved");
        }
        ValidationReport report = saved.report();
        if (!saved.saved()) {
            FlowText.printList(out, "Problems in " + file + ":", report == null ? List.of() : report.errors());
            printWarnings(report);
            int n = report == null ? 0 : report.errors().size();
            throw ErrorLine.of(file + " is not a valid workflow (" + FlowText.count(n, "problem") + "); nothing saved");
        }
        String id = saved.definition() == null ? null : saved.definition().id();
        out.println(saved.created() ? "Created workflow " + PluginText.orDash(id) + " (draft saved)."
                : "Updated the draft of workflow " + PluginText.orDash(id) + ".");
        printWarnings(report);
        if (report != null && !report.missingActionTypes().isEmpty()) {
            out.println("Missing action types: " + PluginText.clean(String.join(", ", report.missingActionTypes()))
                    + " (no plugin provides them; publishing fails until one does)");
        }
        if (publish) {
            publish(id, changeSummary, "its draft is saved");
        }
    }

    /** {@code workflow-publish <id>}: the draft becomes the next version. */
    void publish(String id, String changeSummary) throws CommandException {
        publish(id, changeSummary, null);
    }

    private void publish(String id, String changeSummary, String consequence) throws CommandException {
        Workflows store = workflows();
        WorkflowVersionInfo v;
        try {
            v = store.publish(id, changeSummary == null ? "" : changeSummary);
        } catch (DevRigException e) {
            if (consequence != null && FlowText.problems(e).isEmpty()) {
                throw ErrorLine.of(e.error() == null ? e.getMessage()
                        : e.error().message() + " (workflow " + id + " not published; " + consequence + ")");
            }
            throw invalid(e, "Problems in the draft of workflow " + id + ":", "workflow " + id + " not published",
                    consequence);
        }
        out.println("Published " + PluginText.clean(id) + " as version " + v.version() + ".");
    }

    /**
     * {@code workflow-export <id> [version] [--draft] [-o file]}: the definition as indented
     * JSON, printed or written to {@code output}.
     *
     * @param version the version argument, null for the latest
     * @param output where to write, null to print
     */
    void export(String id, String version, boolean draft, Path output, boolean force) throws CommandException {
        if (draft && version != null) {
            throw ErrorLine.of("give a version or --draft, not both");
        }
        Workflows store = workflows();
        WorkflowDefinitions codec = definitions();
        int wanted = version == null ? 0 : FlowText.wholeNumber(version, "the version", 1, Integer.MAX_VALUE, 0);
        Optional<WorkflowDefinition> found = call(s -> draft ? s.draft(id) : wanted > 0 ? s.version(id, wanted) : s.latest(id));
        if (found.isEmpty()) {
            WorkflowSummary w = call(s -> s.get(id)).orElseThrow(() -> notFound(id));
            if (draft) {
                throw ErrorLine.of("workflow " + id + " has no draft");
            }
            if (w.latestVersion() < 1) {
                throw ErrorLine.of("workflow " + id + " has never been published; export its draft with --draft");
            }
            throw ErrorLine.of("workflow " + id + " has no version " + wanted + " (latest: " + w.latestVersion() + ")");
        }
        String json;
        try {
            json = Json.pretty(codec.toJson(found.get()));
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (output == null) {
            out.println(json);
            return;
        }
        FlowFiles.write(output, json + "\n", force);
        String what = draft ? "the draft of workflow " + id
                : "version " + (wanted > 0 ? wanted : found.get().version()) + " of workflow " + id;
        out.println("Wrote " + PluginText.clean(what) + " to " + output + ".");
    }

    /**
     * {@code workflow-validate <file>}: parses and validates as for publishing (a missing
     * action type is an error), saving nothing.
     */
    void validate(Path file) throws CommandException {
        WorkflowDefinitions codec = definitions();
        String json = readDefinition(file, null);
        ValidationReport report;
        try {
            report = codec.validate(codec.parse(json), false);
        } catch (DevRigException e) {
            throw invalid(e, "Problems in " + file + ":", file + " is not a valid workflow", null);
        }
        List<String> problems = new ArrayList<>(report.errors());
        for (String type : report.missingActionTypes()) {
            // a full validation usually names them among the errors already
            if (problems.stream().noneMatch(p -> p.contains(type))) {
                problems.add("unknown action type '" + type + "' (no plugin provides it)");
            }
        }
        if (problems.isEmpty()) {
            out.println("valid");
            printWarnings(report);
            return;
        }
        FlowText.printList(out, "Problems in " + file + ":", problems);
        printWarnings(report);
        throw ErrorLine.of(file + " is not a valid workflow (" + FlowText.count(problems.size(), "problem") + ")");
    }

    private String readDefinition(Path file, String consequence) throws CommandException {
        String json = FlowFiles.read(file);
        String syntax = json.isBlank() ? "the file is empty" : Json.syntaxError(json);
        if (syntax != null) {
            throw ErrorLine.of(file + " is not valid JSON (" + syntax + ")" + (consequence == null ? "" : "; " + consequence));
        }
        return json;
    }

    private void printWarnings(ValidationReport report) {
        if (report != null) {
            FlowText.printList(out, "Warnings:", report.warnings());
        }
    }

    /**
     * An {@code INVALID_INPUT} failure with listed problems: the problems under
     * {@code heading}, then the line {@code <summary> (N problems)[; consequence]}. Any
     * other failure: its own message.
     */
    private CommandException invalid(DevRigException e, String heading, String summary, String consequence) {
        List<String> problems = FlowText.problems(e);
        if (problems.isEmpty()) {
            return ErrorLine.of(e);
        }
        FlowText.printList(out, heading, problems);
        return ErrorLine.of(summary + " (" + FlowText.count(problems.size(), "problem") + ")"
                + (consequence == null ? "" : "; " + consequence));
    }

    private Workflows workflows() throws CommandException {
        if (workflows == null) {
            throw ErrorLine.of(WORKFLOWS_NOT_RUNNING);
        }
        return workflows;
    }

    private WorkflowDefinitions definitions() throws CommandException {
        if (definitions == null) {
            throw ErrorLine.of(DEFINITIONS_NOT_RUNNING);
        }
        return definitions;
    }

    private <T> T call(Function<Workflows, T> work) throws CommandException {
        Workflows store = workflows();
        try {
            return work.apply(store);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
    }

    static CommandException notFound(String id) {
        return ErrorLine.of("no workflow with id '" + id + "'");
    }
}
