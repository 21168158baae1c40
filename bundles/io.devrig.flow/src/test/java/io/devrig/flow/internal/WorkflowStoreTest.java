package io.devrig.flow.internal;

import io.devrig.store.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowVersionInfo;
import io.devrig.api.id.Ulid;
import io.devrig.store.internal.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TestDatabases.ManualClock clock = new TestDatabases.ManualClock();
    private final WorkflowDefinitions definitions =
            new FlowDefinitionsComponent(Fixtures.CONDITIONS, Fixtures.TEMPLATES);
    private final TestActions actions = TestActions.standard();
    private SqliteDatabase db;
    private WorkflowStore store;

    @BeforeEach
    void open() {
        db = TestDatabases.open(dir, clock);
        store = new WorkflowStore(db, definitions, actions, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ------------------------------------------------------------------ fixtures

    static String flow(String id, String name, String nodes, String edges) {
        return """
                {"schemaVersion": 1, "id": "%s", "version": 1, "name": "%s", "description": "about %s",
                 "nodes": %s, "edges": %s}""".formatted(id, name, name, nodes, edges);
    }

    static String http(String id, String config) {
        return """
                {"id": "%s", "type": "action", "actionType": "http.request", "config": %s,
                 "position": {"x": 0, "y": 0}}""".formatted(id, config);
    }

    static String format(String id, String config) {
        return """
                {"id": "%s", "type": "action", "actionType": "text.format", "config": %s,
                 "position": {"x": 10, "y": 0}}""".formatted(id, config);
    }

    static String action(String id, String type) {
        return """
                {"id": "%s", "type": "action", "actionType": "%s", "config": {}, "position": {"x": 0, "y": 0}}"""
                .formatted(id, type);
    }

    /** A valid two-node workflow: fetch then format. */
    static String simple(String id, String name) {
        return flow(id, name, "[" + http("fetch", "{\"url\": \"https://example.org\"}") + ", "
                + format("show", "{\"template\": \"got {{nodes.fetch.output.status}}\"}") + "]",
                "[" + Fixtures.edge("e1", "fetch", "show") + "]");
    }

    private String saved(String json) {
        DraftSaveResult r = store.saveDraft(json);
        assertThat(r.report().errors()).isEmpty();
        assertThat(r.saved()).isTrue();
        return r.definition().id();
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    private long count(String sql, Object... params) {
        return db.read(h -> h.queryLong(sql, params)).orElseThrow();
    }

    private String column(String sql, Object... params) {
        return db.read(h -> h.queryOne(sql, rs -> rs.getString(1), params)).orElse(null);
    }

    private int latestVersionColumn(String id) {
        return (int) count("SELECT latest_version FROM workflows WHERE id = ?", id);
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(DevRigException e) {
        return (List<String>) e.error().details().get("problems");
    }

    private static DevRigException thrown(Runnable r) {
        DevRigException e = catchThrowableOfType(DevRigException.class, r::run);
        assertThat(e).as("a DevRigException").isNotNull();
        return e;
    }

    // ------------------------------------------------------------------ saving drafts

    @Test
    void firstSaveCreatesTheWorkflowWithANewUlid() {
        DraftSaveResult r = store.saveDraft(simple("", "Fetch"));

        assertThat(r.saved()).isTrue();
        assertThat(r.created()).isTrue();
        String id = r.definition().id();
        assertThat(Ulid.isValid(id)).as("ULID %s", id).isTrue();
        assertThat(r.definition().version()).isEqualTo(1);
        assertThat(r.definition().createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(r.definition().updatedAt()).isEqualTo("2026-11-23T08:00:00.000Z");

        WorkflowSummary s = store.get(id).orElseThrow();
        assertThat(s).isEqualTo(new WorkflowSummary(id, "Fetch", "about Fetch", 0, true, true, true,
                "2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00.000Z"));
        assertThat(latestVersionColumn(id)).isZero();
        assertThat(column("SELECT draft FROM workflows WHERE id = ?", id))
                .isEqualTo(definitions.toJson(r.definition()));
        assertThat(column("SELECT draft_updated_at FROM workflows WHERE id = ?", id))
                .isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(store.draft(id)).contains(r.definition());
    }

    @Test
    void savingAgainUpdatesTheDraftAndKeepsCreatedAt() {
        String id = saved(simple("", "Fetch"));
        tick();
        WorkflowDefinition d = store.draft(id).orElseThrow();
        WorkflowDefinition renamed = new WorkflowDefinition(d.schemaVersion(), d.id(), 7, "Fetch twice", "new text",
                d.trigger(), d.entryConditions(), d.nodes(), d.edges(), d.settings(), d.metadata(), "1999-01-01T00:00:00Z",
                null, d.viewport(), d.editor());

        DraftSaveResult r = store.saveDraft(renamed);

        assertThat(r.saved()).isTrue();
        assertThat(r.created()).isFalse();
        assertThat(r.definition().version()).as("the version it would be published as").isEqualTo(1);
        assertThat(r.definition().createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(r.definition().updatedAt()).isEqualTo("2026-11-23T08:00:01.000Z");
        WorkflowSummary s = store.get(id).orElseThrow();
        assertThat(s.name()).isEqualTo("Fetch twice");
        assertThat(s.description()).isEqualTo("new text");
        assertThat(s.createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(s.updatedAt()).isEqualTo("2026-11-23T08:00:01.000Z");
        assertThat(count("SELECT count(*) FROM workflows")).isEqualTo(1);
    }

    @Test
    void aDraftWithAnUnknownExplicitIdCreatesThatWorkflow() {
        DraftSaveResult r = store.saveDraft(simple("my-flow", "Mine"));
        assertThat(r.created()).isTrue();
        assertThat(r.definition().id()).isEqualTo("my-flow");
        assertThat(store.get("my-flow")).isPresent();
    }

    @Test
    void jsonThatDoesNotParseIsNotSavedAndItsProblemsAreTheErrors() {
        DraftSaveResult r = store.saveDraft("""
                {"schemaVersion": 1, "id": "x", "version": 1, "nodes": [{"id": "a", "type": "rocket",
                 "position": {"x": 0, "y": 0}}], "colour": "red"}""");

        assertThat(r.saved()).isFalse();
        assertThat(r.created()).isFalse();
        assertThat(r.definition()).isNull();
        assertThat(r.report().errors()).contains("$.name: required",
                "$.nodes[0].type: unknown value 'rocket' (known: action, condition, junction, ai)");
        assertThat(r.report().errors()).anyMatch(p -> p.startsWith("$.colour"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void textThatIsNotJsonIsNotSaved() {
        DraftSaveResult r = store.saveDraft("{\"id\": ");
        assertThat(r.saved()).isFalse();
        assertThat(r.report().errors()).singleElement().asString().startsWith("not valid JSON");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anInvalidDraftIsNotSavedAndReturnsTheInput() {
        String json = flow("wf-cycle", "Loop", "[" + action("a", "http.request") + ", " + action("b", "text.format") + "]",
                "[" + Fixtures.edge("e1", "a", "b") + ", " + Fixtures.edge("e2", "b", "a") + "]");
        WorkflowDefinition input = definitions.parse(json);

        DraftSaveResult r = store.saveDraft(input);

        assertThat(r.saved()).isFalse();
        assertThat(r.definition()).isSameAs(input);
        assertThat(r.report().errors()).contains("$.edges: cycle: a -> b -> a");
        assertThat(store.get("wf-cycle")).isEmpty();
    }

    @Test
    void configSchemaErrorsCarryTheNodesPath() {
        String json = flow("wf-cfg", "Config", "[" + format("ok", "{\"template\": \"x\"}") + ", "
                + http("bad", "{\"method\": 5, \"timeoutMs\": \"soon\"}") + "]",
                "[" + Fixtures.edge("e1", "ok", "bad") + "]");

        DraftSaveResult r = store.saveDraft(json);

        assertThat(r.saved()).isFalse();
        assertThat(r.report().errors()).containsExactlyInAnyOrder(
                "$.nodes[1].config: missing required property 'url'",
                "$.nodes[1].config.method: must be a string, got Integer",
                "$.nodes[1].config.timeoutMs: must be a integer, got String");
        assertThat(store.get("wf-cfg")).isEmpty();
    }

    @Test
    void templatedConfigValuesAreLeftToRunTime() {
        String id = saved(flow("wf-t", "T", "[" + http("a", "{\"url\": \"{{trigger.payload.url}}\"}") + "]", "[]"));
        assertThat(store.draft(id).orElseThrow().nodes().get(0).config())
                .containsEntry("url", "{{trigger.payload.url}}");
    }

    @Test
    void aDraftMayUseMissingActionTypesButPublishingRefusesThem() {
        String json = flow("wf-missing", "Jira", "[" + action("a", "jira.create") + ", "
                + http("b", "{\"url\": \"https://x\"}") + "]", "[" + Fixtures.edge("e1", "a", "b") + "]");

        DraftSaveResult r = store.saveDraft(json);

        assertThat(r.saved()).isTrue();
        assertThat(r.report().errors()).isEmpty();
        assertThat(r.report().missingActionTypes()).containsExactly("jira.create");

        DevRigException e = thrown(() -> store.publish("wf-missing", "first"));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(problems(e)).containsExactly("$.nodes[0].actionType: unknown action type 'jira.create'");
        assertThat(e.getMessage()).contains("workflow 'wf-missing' cannot be published: 1 problem: "
                + "$.nodes[0].actionType: unknown action type 'jira.create'");
        assertThat(latestVersionColumn("wf-missing")).isZero();
        assertThat(store.versions("wf-missing")).isEmpty();

        // the plugin arrives: now it publishes
        actions.add(ActionDescriptor.of("jira.create", "Create issue", "", null, null));
        assertThat(store.publish("wf-missing", "first").version()).isEqualTo(1);
    }

    @Test
    void aConfigVersionNewerThanTheActionTypeKnowsIsAnError() {
        String json = flow("wf-new", "New", """
                [{"id": "a", "type": "action", "actionType": "text.format", "config": {"template": "x"},
                  "configVersion": 3, "position": {"x": 0, "y": 0}}]""", "[]");

        DraftSaveResult r = store.saveDraft(json);

        assertThat(r.saved()).isFalse();
        assertThat(r.report().errors()).containsExactly(
                "$.nodes[0].configVersion: 3 is newer than the config version 1 of action type 'text.format'");
    }

    @Test
    void aNullDraftIsInvalidInput() {
        assertThat(thrown(() -> store.saveDraft((WorkflowDefinition) null)).code())
                .isEqualTo(ErrorCodes.INVALID_INPUT);
    }

    // ------------------------------------------------------------------ publishing

    @Test
    void publishStoresVersionOneAndKeepsTheDraft() {
        String id = saved(simple("", "Fetch"));
        tick();

        WorkflowVersionInfo v = store.publish(id, "first cut");

        assertThat(v).isEqualTo(new WorkflowVersionInfo(id, 1, "first cut", "2026-11-23T08:00:01.000Z"));
        assertThat(store.versions(id)).containsExactly(v);
        WorkflowDefinition latest = store.latest(id).orElseThrow();
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.updatedAt()).isEqualTo("2026-11-23T08:00:01.000Z");
        assertThat(latest.createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(store.version(id, 1)).contains(latest);
        assertThat(column("SELECT definition FROM workflow_versions WHERE workflow_id = ? AND version = 1", id))
                .isEqualTo(definitions.toJson(latest));
        assertThat(count("SELECT schema_version FROM workflow_versions WHERE workflow_id = ?", id))
                .isEqualTo(WorkflowDefinition.SCHEMA_VERSION);
        assertThat(Ulid.isValid(column("SELECT id FROM workflow_versions WHERE workflow_id = ?", id))).isTrue();

        WorkflowSummary s = store.get(id).orElseThrow();
        assertThat(s.latestVersion()).isEqualTo(1);
        assertThat(s.hasDraft()).isTrue();
        assertThat(s.draftChanged()).as("nothing changed since publishing").isFalse();
        assertThat(s.updatedAt()).isEqualTo("2026-11-23T08:00:01.000Z");
        // the draft is now the candidate for version 2
        assertThat(store.draft(id).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void draftChangedFollowsTheContentNotTheTimestamps() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "");
        tick();
        // saved again as is: new timestamps and version, same content
        assertThat(store.saveDraft(store.draft(id).orElseThrow()).saved()).isTrue();
        assertThat(store.get(id).orElseThrow().draftChanged()).isFalse();

        tick();
        saved(simple(id, "Fetch, renamed"));
        assertThat(store.get(id).orElseThrow().draftChanged()).isTrue();

        store.publish(id, "renamed");
        assertThat(store.get(id).orElseThrow().draftChanged()).isFalse();
        assertThat(store.versions(id)).extracting(WorkflowVersionInfo::changeSummary)
                .containsExactly("", "renamed");
    }

    @Test
    void aPublishedVersionIsPinned() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        WorkflowDefinition v1 = store.version(id, 1).orElseThrow();
        String v1Json = column("SELECT definition FROM workflow_versions WHERE workflow_id = ? AND version = 1", id);
        tick();

        saved(simple(id, "Fetch better").replace("https://example.org", "https://example.com"));
        // editing the draft changes no version
        assertThat(store.version(id, 1)).contains(v1);
        assertThat(store.latest(id)).contains(v1);
        store.publish(id, "v2");

        assertThat(store.version(id, 1)).contains(v1);
        assertThat(column("SELECT definition FROM workflow_versions WHERE workflow_id = ? AND version = 1", id))
                .isEqualTo(v1Json);
        WorkflowDefinition v2 = store.version(id, 2).orElseThrow();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.name()).isEqualTo("Fetch better");
        assertThat(v2.nodes().get(0).config()).containsEntry("url", "https://example.com");
        assertThat(v1.nodes().get(0).config()).containsEntry("url", "https://example.org");
        assertThat(store.latest(id)).contains(v2);
        assertThat(store.versions(id)).extracting(WorkflowVersionInfo::version).containsExactly(1, 2);
        assertThat(store.version(id, 3)).isEmpty();
        assertThat(store.version(id, 0)).isEmpty();
    }

    @Test
    void publishingAnUnknownWorkflowIsNotFound() {
        DevRigException e = thrown(() -> store.publish("nope", "x"));
        assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(e.getMessage()).contains("no workflow 'nope'");
    }

    @Test
    void aWorkflowWithoutADraftHasNothingToPublish() {
        db.write(h -> h.update("INSERT INTO workflows (id, name, latest_version) VALUES (?, ?, 0)", "bare", "Bare"));

        DevRigException e = thrown(() -> store.publish("bare", "x"));

        assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(e.getMessage()).contains("workflow 'bare' has no draft");
        assertThat(store.draft("bare")).isEmpty();
        WorkflowSummary s = store.get("bare").orElseThrow();
        assertThat(s.hasDraft()).isFalse();
        assertThat(s.draftChanged()).isFalse();
        assertThat(s.description()).isEmpty();
    }

    @Test
    void publishingValidatesConfigsAgainstTheCurrentSchemaWithPaths() {
        String id = saved(simple("", "Fetch"));
        // the plugin's new release requires a method
        actions.add(ActionDescriptor.of("http.request", "HTTP", "", """
                {"type": "object", "required": ["url", "method"], "properties": {"url": {"type": "string"}}}""",
                null));

        DevRigException e = thrown(() -> store.publish(id, "x"));

        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(problems(e)).containsExactly("$.nodes[0].config: missing required property 'method'");
        assertThat(e.getMessage()).contains("$.nodes[0].config: missing required property 'method'");
        assertThat(latestVersionColumn(id)).isZero();
        assertThat(count("SELECT count(*) FROM workflow_versions")).isZero();
    }

    @Test
    void publishingMoreThanTenProblemsNamesTheFirstTen() {
        StringBuilder nodes = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            nodes.append(i == 0 ? "" : ", ").append(action("n" + i, "gone.type" + i));
        }
        String id = saved(flow("many", "Many", nodes.append("]").toString(), "[]"));

        DevRigException e = thrown(() -> store.publish(id, ""));

        assertThat(problems(e)).hasSize(12);
        assertThat(e.getMessage()).contains("12 problems", "gone.type9").doesNotContain("gone.type10").endsWith("; …");
    }

    @Test
    void aFailingUpdateRollsThePublishedVersionBack() {
        String id = saved(simple("", "Fetch"));
        db.write(h -> h.update("""
                CREATE TRIGGER refuse_bump BEFORE UPDATE OF latest_version ON workflows
                BEGIN SELECT RAISE(ABORT, 'refused by test'); END"""));

        DevRigException e = thrown(() -> store.publish(id, "x"));

        assertThat(e.code()).isEqualTo(ErrorCodes.DB_ERROR);
        assertThat(count("SELECT count(*) FROM workflow_versions")).as("the inserted version is rolled back").isZero();
        assertThat(latestVersionColumn(id)).isZero();

        db.write(h -> h.update("DROP TRIGGER refuse_bump"));
        assertThat(store.publish(id, "x").version()).isEqualTo(1);
    }

    @Test
    void aFailingInsertLeavesTheLatestVersionUnchanged() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        // a stray row where version 2 will go: the UNIQUE constraint refuses the insert
        db.write(h -> h.update("INSERT INTO workflow_versions (id, workflow_id, version, definition) VALUES (?, ?, 2, ?)",
                "stray", id, "{}"));

        DevRigException e = thrown(() -> store.publish(id, "v2"));

        assertThat(e.code()).isEqualTo(ErrorCodes.DB_ERROR);
        assertThat(latestVersionColumn(id)).isEqualTo(1);
        assertThat(store.get(id).orElseThrow().latestVersion()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM workflow_versions WHERE workflow_id = ?", id)).isEqualTo(2);
        assertThat(store.latest(id).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void concurrentPublishesMakeEveryVersionExactlyOnce() throws Exception {
        String id = saved(simple("", "Fetch"));
        int threads = 8;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        got.add(store.publish(id, "t" + thread + "#" + i).version());
                        if (i == 2) {
                            // drafts saved between publishes must not disturb the numbering
                            store.saveDraft(simple(id, "Fetch by " + thread));
                        }
                    }
                    return got;
                }));
            }
            go.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : futures) {
                List<Integer> got = f.get(60, TimeUnit.SECONDS);
                assertThat(got).as("each thread sees its versions increase").isSorted();
                all.addAll(got);
            }
            int total = threads * each;
            assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(store.versions(id)).extracting(WorkflowVersionInfo::version)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(latestVersionColumn(id)).isEqualTo(total);
            for (int v = 1; v <= total; v++) {
                assertThat(store.version(id, v).orElseThrow().version()).isEqualTo(v);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    // ------------------------------------------------------------------ editor graph

    static final String REACT_FLOW = """
            {
              "schemaVersion": 2,
              "id": "editor-flow",
              "version": 1,
              "name": "Editor graph",
              "description": "as the flow editor saves it",
              "nodes": [
                {"id": "fetch", "type": "action", "actionType": "http.request",
                 "config": {"url": "https://example.org/{{trigger.payload.path}}", "method": "GET"},
                 "position": {"x": 120.5, "y": -40}, "size": {"width": 240, "height": 96.25}, "label": "Fetch page",
                 "handles": [{"id": "default", "side": "left"}, {"id": "default", "side": "right"}],
                 "editor": {"selected": false, "dragging": false, "zIndex": 3,
                            "style": {"border": "1px solid #777", "opacity": 0.85},
                            "data": {"icon": "globe", "notes": ["first", {"pinned": true}], "n": null}}},
                {"id": "check", "type": "condition", "config": {}, "condition": %s,
                 "position": {"x": 420, "y": -40}, "size": {"width": 180, "height": 80}, "label": "Open?",
                 "handles": [{"id": "default", "side": "left"}, {"id": "true", "side": "right"},
                             {"id": "false", "side": "bottom"}],
                 "editor": {"parentId": null, "extent": "parent"}},
                {"id": "say", "type": "action", "actionType": "text.format", "config": {"template": "open"},
                 "position": {"x": 700, "y": -80}, "label": "Say open"},
                {"id": "join", "type": "junction", "config": {}, "position": {"x": 700, "y": 60}}
              ],
              "edges": [
                {"id": "e-fetch-check", "source": "fetch", "target": "check", "sourceHandle": "default",
                 "targetHandle": "default", "label": "page",
                 "editor": {"type": "smoothstep", "animated": true, "markerEnd": {"type": "arrowclosed"}}},
                {"id": "e-yes", "source": "check", "target": "say", "sourceHandle": "true", "label": "yes"},
                {"id": "e-no", "source": "check", "target": "join", "sourceHandle": "false",
                 "editor": {"style": {"strokeDasharray": "4 2"}}}
              ],
              "settings": {"maxConcurrentRuns": 1, "timeoutMs": 3600000,
                           "retryPolicy": {"maxAttempts": 3, "strategy": "exponential", "baseDelayMs": 1000, "maxDelayMs": 60000, "jitter": true, "retryOn": ["transient", "resource", "timeout"]},
                           "errorHandling": "stop", "executionMode": "sequential"},
              "viewport": {"x": -212.75, "y": 38, "zoom": 0.6},
              "editor": {"snapToGrid": true, "snapGrid": [15, 15], "minimap": {"visible": false}}
            }""".formatted(Fixtures.OPEN);

    @Test
    void aDefinitionInTheSeedsShapeSavesAsADraftWithoutAProblem() throws Exception {
        DraftSaveResult r = store.saveDraft(SeedDefinitionTest.seed());
        assertThat(r.report().errors()).isEmpty();
        assertThat(r.report().warnings()).isEmpty();
        assertThat(r.report().missingActionTypes()).containsExactly("github.get_issue", "github.label");
        assertThat(r.saved()).isTrue();
        String stored = column("SELECT draft FROM workflows WHERE id = ?", "issue-triage");
        assertThat(stored).contains("\"schemaVersion\":2", "\"source\":\"fetch\",\"target\":\"summarize\"")
                .doesNotContain("sourceNodeId");
    }

    @Test
    void theEditorGraphRoundTripsUnchanged() throws Exception {
        DraftSaveResult r = store.saveDraft(REACT_FLOW);
        assertThat(r.report().errors()).isEmpty();
        assertThat(r.saved()).isTrue();

        WorkflowDefinition back = store.draft("editor-flow").orElseThrow();

        assertThat(back).isEqualTo(r.definition());
        String json = definitions.toJson(back);
        assertThat(json).isEqualTo(definitions.toJson(r.definition()));
        assertThat(json).isEqualTo(column("SELECT draft FROM workflows WHERE id = ?", "editor-flow"));
        // the whole tree is what the editor sent, apart from the fields the store stamps
        ObjectNode sent = (ObjectNode) JSON.readTree(REACT_FLOW);
        ObjectNode got = (ObjectNode) JSON.readTree(json);
        assertThat(got.get("createdAt").asText()).isEqualTo("2026-11-23T08:00:00.000Z");
        for (ObjectNode o : List.of(sent, got)) {
            o.remove(List.of("version", "createdAt", "updatedAt"));
        }
        assertThat(got).isEqualTo(sent);
        JsonNode firstNode = got.at("/nodes/0/editor");
        assertThat(firstNode.toString()).isEqualTo("{\"selected\":false,\"dragging\":false,\"zIndex\":3,"
                + "\"style\":{\"border\":\"1px solid #777\",\"opacity\":0.85},"
                + "\"data\":{\"icon\":\"globe\",\"notes\":[\"first\",{\"pinned\":true}],\"n\":null}}");

        // and again through a second save of what was read
        tick();
        DraftSaveResult again = store.saveDraft(back);
        WorkflowDefinition twice = store.draft("editor-flow").orElseThrow();
        assertThat(twice.nodes()).isEqualTo(back.nodes());
        assertThat(twice.edges()).isEqualTo(back.edges());
        assertThat(twice.viewport()).isEqualTo(back.viewport());
        assertThat(twice.editor()).isEqualTo(back.editor());
        assertThat(twice).isEqualTo(again.definition());
    }

    // ------------------------------------------------------------------ migrations on read

    @Test
    void anOlderNodeConfigIsMigratedOnReadAndTheStoredRowsStayUnchanged() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        String draftRow = column("SELECT draft FROM workflows WHERE id = ?", id);
        String versionRow = column("SELECT definition FROM workflow_versions WHERE workflow_id = ?", id);
        assertThat(versionRow).contains("\"template\":\"got {{nodes.fetch.output.status}}\"")
                .doesNotContain("configVersion");

        actions.upgradeTextFormat(); // text.format config version 2: template → text

        for (WorkflowDefinition d : List.of(store.draft(id).orElseThrow(), store.version(id, 1).orElseThrow(),
                store.latest(id).orElseThrow())) {
            WorkflowNode show = d.nodes().get(1);
            assertThat(show.configVersion()).isEqualTo(2);
            assertThat(show.config()).containsExactly(Map.entry("text", "got {{nodes.fetch.output.status}}"));
            WorkflowNode fetch = d.nodes().get(0);
            assertThat(fetch.configVersion()).as("http.request is current").isEqualTo(1);
            assertThat(fetch.config()).containsEntry("url", "https://example.org");
        }
        assertThat(actions.migrateCalls).contains("text.format@1").doesNotContain("http.request@1");
        assertThat(column("SELECT draft FROM workflows WHERE id = ?", id)).isEqualTo(draftRow);
        assertThat(column("SELECT definition FROM workflow_versions WHERE workflow_id = ?", id)).isEqualTo(versionRow);
        // the migrated draft equals the migrated version: nothing to publish
        assertThat(store.get(id).orElseThrow().draftChanged()).isFalse();

        // saving the read draft stores the migrated config, valid against the new schema
        DraftSaveResult r = store.saveDraft(store.draft(id).orElseThrow());
        assertThat(r.saved()).isTrue();
        assertThat(column("SELECT draft FROM workflows WHERE id = ?", id))
                .contains("\"config\":{\"text\":\"got {{nodes.fetch.output.status}}\"},\"configVersion\":2");
        assertThat(store.publish(id, "v2").version()).isEqualTo(2);
        assertThat(store.version(id, 2).orElseThrow().nodes().get(1).configVersion()).isEqualTo(2);
    }

    @Test
    void anOldConfigSentByAClientIsMigratedBeforeItIsValidated() {
        actions.upgradeTextFormat();
        // configVersion absent = 1: the old key would fail the new schema if not migrated first
        DraftSaveResult r = store.saveDraft(flow("old-client", "Old", "[" + format("a", "{\"template\": \"hi\"}") + "]",
                "[]"));

        assertThat(r.report().errors()).isEmpty();
        assertThat(r.saved()).isTrue();
        assertThat(r.definition().nodes().get(0).config()).containsExactly(Map.entry("text", "hi"));
        assertThat(r.definition().nodes().get(0).configVersion()).isEqualTo(2);
    }

    @Test
    void aFailingConfigMigrationNamesTheNode() {
        String id = saved(simple("", "Fetch"));
        actions.add(new ActionDescriptor("text.format", "Format text", "", null, null, null, false, 3));
        actions.step("text.format", 1, c -> c); // and no step from 2

        DevRigException e = thrown(() -> store.draft(id));

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(e.getMessage()).contains("node 'show'", "text.format", "from version 1 to 3");
    }

    @Test
    void aVersionStoredWithAnOlderDefinitionSchemaIsMigratedOnRead() {
        String id = saved(simple("", "Fetch"));
        // schema 0 had no schemaVersion field and named edge ends from/to
        String old = """
                {"id": "%s", "version": 1, "name": "Old format",
                 "nodes": [%s, %s], "edges": [{"id": "e1", "from": "fetch", "to": "show"}]}"""
                .formatted(id, http("fetch", "{\"url\": \"https://old\"}"), format("show", "{\"template\": \"x\"}"));
        db.write(h -> {
            h.update("INSERT INTO workflow_versions (id, workflow_id, version, definition, schema_version) "
                    + "VALUES (?, ?, 1, ?, 0)", "old-row", id, old);
            return h.update("UPDATE workflows SET latest_version = 1 WHERE id = ?", id);
        });

        WorkflowDefinition v1 = store.version(id, 1).orElseThrow();

        assertThat(v1.schemaVersion()).isEqualTo(WorkflowDefinition.SCHEMA_VERSION);
        assertThat(v1.name()).isEqualTo("Old format");
        assertThat(v1.edges()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("fetch");
            assertThat(e.target()).isEqualTo("show");
        });
        assertThat(store.latest(id)).contains(v1);
        assertThat(column("SELECT definition FROM workflow_versions WHERE id = 'old-row'")).isEqualTo(old);
        // publishing continues the numbering after the old row
        assertThat(store.publish(id, "now").version()).isEqualTo(2);
    }

    @Test
    void aDraftStoredInAnOlderDefinitionSchemaIsMigratedOnRead() {
        String old = """
                {"schemaVersion": 0, "id": "legacy", "version": 1, "name": "Legacy",
                 "nodes": [%s, %s], "edges": [{"id": "e1", "from": "a", "to": "b"}]}"""
                .formatted(action("a", "http.request").replace("{}", "{\"url\": \"u\"}"),
                        format("b", "{\"template\": \"x\"}"));
        db.write(h -> h.update("INSERT INTO workflows (id, name, latest_version, draft) VALUES (?, ?, 0, ?)",
                "legacy", "Legacy", old));

        WorkflowDefinition d = store.draft("legacy").orElseThrow();

        assertThat(d.schemaVersion()).isEqualTo(WorkflowDefinition.SCHEMA_VERSION);
        assertThat(d.edges().get(0).source()).isEqualTo("a");
        assertThat(d.edges().get(0).target()).isEqualTo("b");
        assertThat(store.publish("legacy", "").version()).isEqualTo(1);
        assertThat(column("SELECT draft FROM workflows WHERE id = 'legacy'")).isEqualTo(old);
    }

    @Test
    void aVersionThatNoLongerReadsIsReportedAsChanged() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "");
        db.write(h -> h.update("UPDATE workflow_versions SET definition = '{\"schemaVersion\": 99}' WHERE workflow_id = ?",
                id));

        assertThat(store.get(id).orElseThrow().draftChanged()).isTrue();
        DevRigException e = thrown(() -> store.latest(id));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.getMessage()).contains("$.schemaVersion: 99 is not a known schema version");
    }

    // ------------------------------------------------------------------ listing, state, deleting

    @Test
    void listShowsNewestChangeFirst() {
        String a = saved(simple("", "A"));
        tick();
        String b = saved(simple("", "B"));
        tick();
        String c = saved(simple("", "C"));
        assertThat(store.list()).extracting(WorkflowSummary::id).containsExactly(c, b, a);

        tick();
        store.publish(a, "");
        assertThat(store.list()).extracting(WorkflowSummary::id).containsExactly(a, c, b);
        tick();
        store.setEnabled(b, false);
        List<WorkflowSummary> all = store.list();
        assertThat(all).extracting(WorkflowSummary::id).containsExactly(b, a, c);
        assertThat(all).extracting(WorkflowSummary::name).containsExactly("B", "A", "C");
        assertThat(all).extracting(WorkflowSummary::latestVersion).containsExactly(0, 1, 0);
        assertThat(all).extracting(WorkflowSummary::enabled).containsExactly(false, true, true);
        assertThat(all).extracting(WorkflowSummary::draftChanged).containsExactly(true, false, true);
    }

    @Test
    void setEnabledTogglesAndStamps() {
        String id = saved(simple("", "Fetch"));
        tick();

        WorkflowSummary off = store.setEnabled(id, false);

        assertThat(off.enabled()).isFalse();
        assertThat(off.updatedAt()).isEqualTo("2026-11-23T08:00:01.000Z");
        assertThat(count("SELECT is_enabled FROM workflows WHERE id = ?", id)).isZero();
        assertThat(store.get(id).orElseThrow().enabled()).isFalse();
        assertThat(store.setEnabled(id, true).enabled()).isTrue();
        assertThat(count("SELECT is_enabled FROM workflows WHERE id = ?", id)).isEqualTo(1);
    }

    @Test
    void setEnabledOfAnUnknownWorkflowIsNotFound() {
        DevRigException e = thrown(() -> store.setEnabled("ghost", true));
        assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(e.getMessage()).contains("'ghost'");
    }

    @Test
    void deleteCascadesToVersionsAndRuns() {
        String id = saved(simple("", "Fetch"));
        String other = saved(simple("", "Other"));
        store.publish(id, "");
        store.publish(id, "");
        store.publish(other, "");
        db.write(h -> {
            h.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version) VALUES ('run-1', ?, 1)", id);
            return h.update("INSERT INTO node_runs (id, run_id, node_id, action_type) "
                    + "VALUES ('nr-1', 'run-1', 'fetch', 'http.request')");
        });

        assertThat(store.delete(id)).isTrue();

        assertThat(store.get(id)).isEmpty();
        assertThat(store.draft(id)).isEmpty();
        assertThat(store.versions(id)).isEmpty();
        assertThat(store.latest(id)).isEmpty();
        assertThat(count("SELECT count(*) FROM workflow_versions WHERE workflow_id = ?", id)).isZero();
        assertThat(count("SELECT count(*) FROM workflow_runs")).isZero();
        assertThat(count("SELECT count(*) FROM node_runs")).isZero();
        assertThat(store.list()).extracting(WorkflowSummary::id).containsExactly(other);
        assertThat(store.versions(other)).hasSize(1);
        assertThat(store.delete(id)).as("already gone").isFalse();
    }

    @Test
    void unknownIdsReadAsEmpty() {
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.get(null)).isEmpty();
        assertThat(store.draft("nope")).isEmpty();
        assertThat(store.versions("nope")).isEmpty();
        assertThat(store.version("nope", 1)).isEmpty();
        assertThat(store.latest("nope")).isEmpty();
        assertThat(store.delete("nope")).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anUnpublishedWorkflowHasNoLatestVersion() {
        String id = saved(simple("", "Fetch"));
        assertThat(store.latest(id)).isEmpty();
        assertThat(store.version(id, 1)).isEmpty();
        assertThat(store.versions(id)).isEmpty();
    }

    // ------------------------------------------------------------------ the state fires ask for

    private io.devrig.api.flow.WorkflowState state(String id) {
        return store.state(id).orElse(null);
    }

    private void behindTheStoresBack(String sql, Object... params) {
        db.write(h -> h.update(sql, params));
    }

    @Test
    void stateIsReadOnceAndFollowsEveryChangeTheStoreMakes() {
        String id = saved(simple("", "Fetch"));
        assertThat(state(id)).isEqualTo(new io.devrig.api.flow.WorkflowState(id, 0, true));
        store.publish(id, "v1");
        assertThat(state(id)).isEqualTo(new io.devrig.api.flow.WorkflowState(id, 1, true));

        // a change that bypasses the store is not seen: the state was kept, not read again
        behindTheStoresBack("UPDATE workflows SET latest_version = 7 WHERE id = ?", id);
        assertThat(state(id).latestVersion()).isEqualTo(1);

        // each change the store makes drops what it kept
        store.setEnabled(id, false);
        assertThat(state(id)).isEqualTo(new io.devrig.api.flow.WorkflowState(id, 7, false));
        behindTheStoresBack("UPDATE workflows SET latest_version = 1 WHERE id = ?", id);
        store.saveDraft(definitions.parse(simple(id, "Renamed")));
        assertThat(state(id).latestVersion()).isEqualTo(1);
        store.publish(id, "v2");
        assertThat(state(id).latestVersion()).isEqualTo(2);
        assertThat(store.delete(id)).isTrue();
        assertThat(store.state(id)).isEmpty();
        assertThat(store.state("ghost")).isEmpty();
    }

    @Test
    void aChangeInsideATransactionThatRollsBackLeavesTheCommittedState() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        assertThat(state(id).enabled()).isTrue();

        catchThrowableOfType(IllegalStateException.class, () -> db.write(h -> {
            store.setEnabled(id, false);
            assertThat(state(id).enabled()).as("read inside the write: not committed, not kept").isFalse();
            throw new IllegalStateException("the outer work fails");
        }));

        assertThat(state(id).enabled()).isTrue();
        behindTheStoresBack("UPDATE workflows SET latest_version = 5 WHERE id = ?", id);
        assertThat(state(id).latestVersion()).as("kept again after the rollback").isEqualTo(1);
    }

    @Test
    void aStateReadWhileANestedChangeAwaitsItsCommitIsNotKept() throws Exception {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            db.write(h -> {
                store.setEnabled(id, false); // nested: its change is over, its commit is the outer one
                try {
                    assertThat(reader.submit(() -> state(id)).get(10, TimeUnit.SECONDS).enabled())
                            .as("another thread reads what is committed").isTrue();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        } finally {
            reader.shutdownNow();
        }
        assertThat(state(id).enabled()).as("the outer commit dropped what that read kept").isFalse();
    }

    @Test
    void aStateReadThatAChangeOvertakesIsNotKept() {
        String id = saved(simple("", "Fetch"));
        store.publish(id, "v1");
        boolean[] once = {true};
        // a database whose reads are overtaken by a change between the read and keeping its result
        io.devrig.api.store.Database racing = (io.devrig.api.store.Database) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.devrig.api.store.Database.class}, (proxy, m, args) -> {
                    Object result;
                    try {
                        result = m.invoke(db, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("read") && once[0]) {
                        once[0] = false;
                        store.setEnabled(id, false);
                    }
                    return result;
                });
        store = new WorkflowStore(racing, definitions, actions, clock);

        assertThat(state(id).enabled()).as("what the read found").isTrue();
        assertThat(state(id).enabled()).as("read again, not the overtaken value").isFalse();
    }

    @Test
    void theComponentPublishesTheStore() {
        WorkflowsComponent component = new WorkflowsComponent(db, definitions, actions);
        DraftSaveResult r = component.saveDraft(simple("", "Via component"));
        String id = r.definition().id();
        assertThat(component.saveDraft(definitions.parse(simple(id, "Renamed"))).created()).isFalse();
        assertThat(component.draft(id).orElseThrow().name()).isEqualTo("Renamed");
        assertThat(component.publish(id, "c").version()).isEqualTo(1);
        assertThat(component.versions(id)).hasSize(1);
        assertThat(component.version(id, 1)).isEqualTo(component.latest(id));
        assertThat(component.get(id).orElseThrow().latestVersion()).isEqualTo(1);
        assertThat(component.setEnabled(id, false).enabled()).isFalse();
        assertThat(component.list()).hasSize(1);
        assertThat(component.delete(id)).isTrue();
        assertThat(component.list()).isEmpty();
    }
}
