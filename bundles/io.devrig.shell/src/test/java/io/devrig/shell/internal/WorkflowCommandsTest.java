package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowCommandsTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private final FakeWorkflowDefinitions definitions = new FakeWorkflowDefinitions();
    private final FakeWorkflows workflows = new FakeWorkflows(definitions);
    private final Leaks.Out out = new Leaks.Out();
    private final WorkflowCommands commands = new WorkflowCommands(workflows, definitions, out.stream);

    /** A definition whose nodes (one per action type) form a chain. */
    static String definition(String id, String name, String... actionTypes) {
        List<String> nodes = new ArrayList<>();
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < actionTypes.length; i++) {
            nodes.add("{\"id\": \"n" + (i + 1) + "\", \"type\": \"action\", \"actionType\": \"" + actionTypes[i] + "\"}");
            if (i > 0) {
                edges.add("{\"id\": \"e" + i + "\", \"source\": \"n" + i + "\", \"target\": \"n" + (i + 1) + "\"}");
            }
        }
        return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"nodes\": [" + String.join(", ", nodes)
                + "], \"edges\": [" + String.join(", ", edges) + "]}";
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void saved(String id, String name, String... actionTypes) {
        assertThat(workflows.saveDraft(definition(id, name, actionTypes)).saved()).isTrue();
    }

    private CommandException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        CommandException e = catchThrowableOfType(CommandException.class, call);
        assertThat(e).as("the command fails").isNotNull();
        // one line, as Karaf shows it, and never a stack trace
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL).doesNotContain("Exception").doesNotContain("\tat ");
        return e;
    }

    // ---- workflows

    @Test
    void workflowsListsEveryWorkflowNewestChangeFirstWithItsDraftState() throws Exception {
        definitions.knownActionTypes.add("http.request");
        saved("deploy", "Deploy", "http.request");
        workflows.publish("deploy", "first");
        saved("nightly", "Nightly build", "http.request");
        workflows.publish("nightly", "first");
        saved("nightly", "Nightly build", "http.request", "http.request");
        saved("draft-only", "Only a draft", "http.request");

        commands.list();

        assertThat(out.text()).isEqualTo(String.join(NL,
                "ID         | NAME          | LATEST | ENABLED | DRAFT      | UPDATED",
                "-----------+---------------+--------+---------+------------+---------------------",
                "draft-only | Only a draft  | -      | yes     | changed    | 2026-11-23 08:00:05Z",
                "nightly    | Nightly build | 1      | yes     | changed    | 2026-11-23 08:00:04Z",
                "deploy     | Deploy        | 1      | yes     | same as v1 | 2026-11-23 08:00:01Z", ""));
    }

    @Test
    void noWorkflowsSaysSo() throws Exception {
        commands.list();
        assertThat(out.text()).isEqualTo("No workflows." + NL);
    }

    // ---- workflow <id>

    @Test
    void workflowShowsItsFieldsDraftStateMissingActionsAndVersions() throws Exception {
        definitions.knownActionTypes.add("http.request");
        saved("deploy", "Deploy", "http.request");
        workflows.publish("deploy", "first cut");
        saved("deploy", "Deploy", "http.request", "github.merge_pr");

        commands.show("deploy");

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Workflow:        deploy",
                "Name:            Deploy",
                "Description:     -",
                "Enabled:         yes",
                "Latest:          1",
                "Draft:           changed",
                "Missing actions: github.merge_pr",
                "Created:         2026-11-23 08:00:00Z",
                "Updated:         2026-11-23 08:00:02Z",
                "",
                "VERSION | PUBLISHED            | CHANGE SUMMARY",
                "--------+----------------------+---------------",
                "1       | 2026-11-23 08:00:01Z | first cut", ""));
    }

    @Test
    void anUnpublishedWorkflowHasNoVersionsAndAnUnknownOneIsAnError() throws Exception {
        saved("new", "New", "x.y");

        commands.show("new");

        assertThat(out.text()).contains("Latest:          -" + NL, "Draft:           changed" + NL,
                "Missing actions: x.y" + NL).endsWith(NL + "No published versions." + NL);
        assertThat(failure(() -> commands.show("nope")).getNiceHelp()).isEqualTo("Error: no workflow with id 'nope'");
    }

    // ---- workflow-import

    @Test
    void importCreatesTheWorkflowAndReportsWarningsAndMissingActionTypes() throws Exception {
        Path f = file("deploy.json", "{\"id\": \"deploy\", \"name\": \"Deploy\", \"nodes\": ["
                + "{\"id\": \"a\", \"actionType\": \"github.merge_pr\"}, {\"id\": \"b\", \"type\": \"junction\"}]}");

        commands.importFile(f, false, null);

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Created workflow deploy (draft saved).",
                "Warnings:",
                "  $.nodes[0]: not connected to any other node",
                "  $.nodes[1]: not connected to any other node",
                "Missing action types: github.merge_pr (no plugin provides them; publishing fails until one does)", ""));
        assertThat(workflows.draft("deploy")).isPresent();
        assertThat(workflows.versions("deploy")).isEmpty();
    }

    @Test
    void importOfAKnownIdUpdatesTheDraftAndAnEmptyIdGetsANewOne() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");

        commands.importFile(file("d.json", definition("deploy", "Deploy 2", "a.b")), false, null);
        commands.importFile(file("n.json", definition("", "Fresh", "a.b")), false, null);

        assertThat(out.text()).isEqualTo("Updated the draft of workflow deploy." + NL
                + "Created workflow 01NEW1 (draft saved)." + NL);
        assertThat(workflows.draft("deploy").orElseThrow().name()).isEqualTo("Deploy 2");
    }

    @Test
    void importWithPublishPublishesTheNewDraft() throws Exception {
        definitions.knownActionTypes.add("a.b");

        commands.importFile(file("d.json", definition("deploy", "Deploy", "a.b")), true, "initial");

        assertThat(out.text()).isEqualTo("Created workflow deploy (draft saved)." + NL
                + "Published deploy as version 1." + NL);
        assertThat(workflows.publishSummaries).containsExactly("initial");
    }

    @Test
    void importWithPublishOfADraftThatCannotBePublishedKeepsTheDraftAndFails() throws Exception {
        CommandException e = failure(() -> commands.importFile(file("d.json", definition("deploy", "Deploy", "x.y")),
                true, null));

        assertThat(out.text()).endsWith("Problems in the draft of workflow deploy:" + NL
                + "  $.nodes[0].actionType: unknown action type 'x.y'" + NL);
        assertThat(e.getNiceHelp()).isEqualTo("Error: workflow deploy not published (1 problem); its draft is saved");
        assertThat(workflows.draft("deploy")).isPresent();
        assertThat(workflows.versions("deploy")).isEmpty();
    }

    @Test
    void anInvalidFileListsItsProblemsWithJsonPathsAndSavesNothing() throws Exception {
        Path f = file("bad.json", "{\"id\": \"bad\", \"nodes\": [{\"type\": \"loop\"}], \"colour\": 1}");

        CommandException e = failure(() -> commands.importFile(f, false, null));

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Problems in " + f + ":",
                "  $.colour: unknown field",
                "  $.name: required",
                "  $.nodes[0].id: required",
                "  $.nodes[0].type: unknown node type 'loop'", ""));
        assertThat(e.getNiceHelp()).isEqualTo("Error: " + f + " is not a valid workflow (4 problems); nothing saved");
        assertThat(workflows.list()).isEmpty();
    }

    @Test
    void aDraftWithGraphErrorsIsNotSavedEither() throws Exception {
        Path f = file("bad.json", "{\"id\": \"w\", \"name\": \"W\", \"nodes\": [{\"id\": \"a\", \"actionType\": \"x\"}],"
                + " \"edges\": [{\"id\": \"e\", \"source\": \"a\", \"target\": \"ghost\"}]}");

        CommandException e = failure(() -> commands.importFile(f, false, null));

        assertThat(out.text()).isEqualTo("Problems in " + f + ":" + NL + "  $.edges[0].target: no node with id 'ghost'" + NL);
        assertThat(e.getNiceHelp()).endsWith("is not a valid workflow (1 problem); nothing saved");
        assertThat(workflows.get("w")).isEmpty();
    }

    @Test
    void aFileThatIsNotJsonIsRefusedWithWhereItBreaks() throws Exception {
        Path f = file("broken.json", "{\"id\": \"w\",\n  name: 1}");

        CommandException e = failure(() -> commands.importFile(f, false, null));

        assertThat(e.getNiceHelp()).isEqualTo("Error: " + f + " is not valid JSON (line 2, column 3); nothing saved");
        assertThat(out.text()).isEmpty();
        assertThat(failure(() -> commands.importFile(file("empty.json", "  \n"), false, null)).getNiceHelp())
                .endsWith("empty.json is not valid JSON (the file is empty); nothing saved");
    }

    @Test
    void aMissingOrUnreadableFileIsOneClearLine() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThat(failure(() -> commands.importFile(missing, false, null)).getNiceHelp())
                .isEqualTo("Error: no such file: " + missing);
        assertThat(failure(() -> commands.importFile(dir, false, null)).getNiceHelp())
                .isEqualTo("Error: " + dir + " is a directory, not a file");
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertThat(failure(() -> commands.importFile(latin1, false, null)).getNiceHelp())
                .isEqualTo("Error: " + latin1 + " is not UTF-8 text");
        assertThat(failure(() -> commands.validate(missing)).getNiceHelp()).isEqualTo("Error: no such file: " + missing);
        assertThat(out.text()).isEmpty();
        assertThat(workflows.list()).isEmpty();
    }

    @Test
    void aByteOrderMarkIsNoProblem() throws Exception {
        definitions.knownActionTypes.add("a.b");
        commands.importFile(file("bom.json", "\uFEFF" + definition("w", "W", "a.b")), false, null);
        assertThat(out.text()).isEqualTo("Created workflow w (draft saved)." + NL);
    }

    // ---- workflow-publish

    @Test
    void publishPrintsTheNewVersion() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        commands.publish("deploy", null);
        saved("deploy", "Deploy", "a.b", "a.b");
        commands.publish("deploy", "two nodes");

        assertThat(out.text()).isEqualTo("Published deploy as version 1." + NL + "Published deploy as version 2." + NL);
        assertThat(workflows.publishSummaries).containsExactly("", "two nodes");
    }

    @Test
    void publishListsTheDraftsProblemsThenFails() throws Exception {
        saved("deploy", "Deploy", "x.y", "z.w");

        CommandException e = failure(() -> commands.publish("deploy", "m"));

        assertThat(out.text()).isEqualTo(String.join(NL, "Problems in the draft of workflow deploy:",
                "  $.nodes[0].actionType: unknown action type 'x.y'",
                "  $.nodes[1].actionType: unknown action type 'z.w'", ""));
        assertThat(e.getNiceHelp()).isEqualTo("Error: workflow deploy not published (2 problems)");
    }

    @Test
    void publishOfAnUnknownWorkflowIsTheStoresMessage() {
        assertThat(failure(() -> commands.publish("nope", null)).getNiceHelp())
                .isEqualTo("Error: no workflow with id 'nope'");
        assertThat(out.text()).isEmpty();
    }

    // ---- workflow-export

    @Test
    void exportPrintsTheLatestVersionAsIndentedJson() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        workflows.publish("deploy", "");
        saved("deploy", "Deploy", "a.b", "a.b");
        workflows.publish("deploy", "");

        commands.export("deploy", null, false, null, false);

        String printed = out.text();
        assertThat(printed).startsWith("{" + NL + "  \"schemaVersion\": " + WorkflowDefinition.SCHEMA_VERSION + "," + NL + "  \"id\": \"deploy\"," + NL
                + "  \"version\": 2," + NL);
        assertThat(definitions.parse(printed).nodes()).hasSize(2);
    }

    @Test
    void exportOfAGivenVersionOrTheDraft() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        workflows.publish("deploy", "");
        saved("deploy", "Deploy", "a.b", "a.b", "a.b");

        Leaks.Out v1 = new Leaks.Out();
        new WorkflowCommands(workflows, definitions, v1.stream).export("deploy", "1", false, null, false);
        Leaks.Out draft = new Leaks.Out();
        new WorkflowCommands(workflows, definitions, draft.stream).export("deploy", null, true, null, false);

        assertThat(definitions.parse(v1.text()).nodes()).hasSize(1);
        assertThat(definitions.parse(draft.text()).nodes()).hasSize(3);
    }

    @Test
    void exportWritesAFileAndRefusesToOverwriteWithoutForce() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        workflows.publish("deploy", "");
        Path target = dir.resolve("out.json");

        commands.export("deploy", null, false, target, false);

        assertThat(out.text()).isEqualTo("Wrote version 1 of workflow deploy to " + target + "." + NL);
        String written = Files.readString(target);
        assertThat(written).endsWith("}\n");
        assertThat(definitions.parse(written).id()).isEqualTo("deploy");

        Files.writeString(target, "keep me");
        CommandException e = failure(() -> commands.export("deploy", null, false, target, false));
        assertThat(e.getNiceHelp()).isEqualTo("Error: " + target + " exists; add --force to overwrite it");
        assertThat(Files.readString(target)).isEqualTo("keep me");

        commands.export("deploy", null, true, target, true);
        assertThat(definitions.parse(Files.readString(target)).version()).isZero();
        assertThat(out.text()).endsWith("Wrote the draft of workflow deploy to " + target + "." + NL);
    }

    @Test
    void exportIntoAMissingDirectoryOrOntoADirectoryFails() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        Path nowhere = dir.resolve("no/such/dir/out.json");

        assertThat(failure(() -> commands.export("deploy", null, true, nowhere, false)).getNiceHelp())
                .isEqualTo("Error: no such directory: " + nowhere.getParent());
        assertThat(failure(() -> commands.export("deploy", null, true, dir, true)).getNiceHelp())
                .isEqualTo("Error: " + dir + " is a directory, not a file");
    }

    @Test
    void exportSaysWhyThereIsNothingToExport() {
        saved("new", "New", "x.y");
        assertThat(failure(() -> commands.export("nope", null, false, null, false)).getNiceHelp())
                .isEqualTo("Error: no workflow with id 'nope'");
        assertThat(failure(() -> commands.export("new", null, false, null, false)).getNiceHelp())
                .isEqualTo("Error: workflow new has never been published; export its draft with --draft");
        assertThat(failure(() -> commands.export("new", "3", false, null, false)).getNiceHelp())
                .isEqualTo("Error: workflow new has never been published; export its draft with --draft");
        assertThat(failure(() -> commands.export("new", "x", false, null, false)).getNiceHelp())
                .isEqualTo("Error: the version must be a whole number from 1 to 2147483647, not 'x'");
        assertThat(failure(() -> commands.export("new", "1", true, null, false)).getNiceHelp())
                .isEqualTo("Error: give a version or --draft, not both");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void exportOfAMissingVersionOrDraftNamesIt() throws Exception {
        definitions.knownActionTypes.add("a.b");
        saved("deploy", "Deploy", "a.b");
        workflows.publish("deploy", "");
        assertThat(failure(() -> commands.export("deploy", "7", false, null, false)).getNiceHelp())
                .isEqualTo("Error: workflow deploy has no version 7 (latest: 1)");
        assertThat(failure(() -> commands.export("nope", null, true, null, false)).getNiceHelp())
                .isEqualTo("Error: no workflow with id 'nope'");
    }

    // ---- workflow-validate

    @Test
    void validatePrintsValidAndTheWarnings() throws Exception {
        definitions.knownActionTypes.add("a.b");

        commands.validate(file("ok.json", definition("w", "W", "a.b", "a.b")));
        commands.validate(file("warn.json", "{\"name\": \"W\", \"nodes\": [{\"id\": \"a\", \"actionType\": \"a.b\"},"
                + " {\"id\": \"b\", \"actionType\": \"a.b\"}]}"));

        assertThat(out.text()).isEqualTo(String.join(NL, "valid", "valid", "Warnings:",
                "  $.nodes[0]: not connected to any other node", "  $.nodes[1]: not connected to any other node", ""));
        assertThat(workflows.list()).as("validate saves nothing").isEmpty();
    }

    @Test
    void validateTreatsMissingActionTypesAsErrors() throws Exception {
        Path f = file("w.json", definition("w", "W", "github.merge_pr"));

        CommandException e = failure(() -> commands.validate(f));

        assertThat(out.text()).isEqualTo("Problems in " + f + ":" + NL
                + "  $.nodes[0].actionType: unknown action type 'github.merge_pr'" + NL);
        assertThat(e.getNiceHelp()).isEqualTo("Error: " + f + " is not a valid workflow (1 problem)");
    }

    @Test
    void validateListsMissingActionTypesThatTheReportDoesNotNameAmongItsErrors() throws Exception {
        // a validation that lists a missing type without an error for it still fails the check
        WorkflowCommands lenient = new WorkflowCommands(workflows, new FakeWorkflowDefinitions() {
            @Override
            public io.devrig.api.flow.ValidationReport validate(io.devrig.api.flow.WorkflowDefinition d, boolean draft) {
                return super.validate(d, true);
            }
        }, out.stream);
        Path f = file("w.json", definition("w", "W", "x.y"));

        CommandException e = failure(() -> lenient.validate(f));

        assertThat(out.text()).contains("  unknown action type 'x.y' (no plugin provides it)" + NL);
        assertThat(e.getNiceHelp()).endsWith("is not a valid workflow (1 problem)");
    }

    @Test
    void validateReportsParseProblemsWithTheirPaths() throws Exception {
        Path f = file("w.json", "{\"name\": 3, \"nodes\": {}}");

        CommandException e = failure(() -> commands.validate(f));

        assertThat(out.text()).isEqualTo("Problems in " + f + ":" + NL + "  $.name: must be a string" + NL
                + "  $.nodes: required, an array" + NL);
        assertThat(e.getNiceHelp()).isEqualTo("Error: " + f + " is not a valid workflow (2 problems)");
    }

    // ---- services down or failing

    @Test
    void everyCommandSaysWhichServiceIsNotRunning() throws Exception {
        Path f = file("w.json", definition("w", "W", "a.b"));
        WorkflowCommands none = new WorkflowCommands(null, null, out.stream);
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                none::list, () -> none.show("w"), () -> none.importFile(f, false, null), () -> none.publish("w", null),
                () -> none.export("w", null, false, null, false))) {
            assertThat(failure(call).getNiceHelp()).isEqualTo("Error: the workflow store is not running");
        }
        assertThat(failure(() -> none.validate(f)).getNiceHelp())
                .isEqualTo("Error: the workflow definition service is not running");
        assertThat(failure(() -> new WorkflowCommands(workflows, null, out.stream).export("w", null, false, null, false))
                .getNiceHelp()).isEqualTo("Error: the workflow definition service is not running");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void withoutTheDefinitionServiceWorkflowStillShowsAllElse() throws Exception {
        saved("w", "W", "x.y");
        new WorkflowCommands(workflows, null, out.stream).show("w");
        assertThat(out.text()).contains("Draft:       changed" + NL).doesNotContain("Missing");
    }

    @Test
    void aFailingStoreIsOneErrorLine() {
        workflows.failWith(new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "the database is locked"));
        assertThat(failure(commands::list).getNiceHelp()).isEqualTo("Error: the database is locked");
        assertThat(failure(() -> commands.show("w")).getNiceHelp()).isEqualTo("Error: the database is locked");
    }
}
