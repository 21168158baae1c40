package io.devrig.common.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.plugin.PluginDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DescriptorReaderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BSN = "io.devrig.plugin.github";

    static final String GOOD = """
            {
              "name": "io.devrig.plugin.github",
              "version": "1.2.0",
              "displayName": "GitHub",
              "description": "GitHub notifications and pull requests",
              "author": "DevRig",
              "license": "Apache-2.0",
              "icon": "icon.svg",
              "category": "source-control",
              "tags": ["git", "code-review"],
              "permissions": ["network", "secrets:read", "inbox:write", "ai:classify"],
              "capabilities": {
                "dataSources": [{"id": "github.notifications", "name": "Notifications",
                                 "defaultSyncIntervalMs": 60000}],
                "actions": [{"id": "github.merge_pr", "name": "Merge PR", "inputSchema": "./schemas/merge-in.json",
                             "outputSchema": "schemas/merge-out.json", "appliesTo": ["github.notifications"]}],
                "aiPipelines": [{"id": "github.classify", "name": "Classify", "appliesTo": ["github.notifications"],
                                 "stages": ["classify", "summarize"],
                                 "promptTemplates": {"classify": "prompts/classify.md", "summarize": "prompts/summarize.md"}}],
                "views": [{"id": "github.pr_detail", "name": "PR detail", "component": "views/PrDetail"}],
                "flowNodes": [{"type": "action", "id": "github.merge_pr", "name": "Merge PR", "category": "github",
                               "inputSchema": "schemas/merge-in.json"},
                              {"type": "condition", "id": "github.is_default_branch", "name": "Is default branch"}],
                "hooks": [{"id": "github.audit", "name": "Audit", "description": "Records every action"}],
                "pages": [{"id": "github.dashboard", "name": "Dashboard"}]
              },
              "settingsSchema": "schemas/settings.json"
            }
            """;

    final Map<String, byte[]> files = new HashMap<>(Map.of(
            "OSGI-INF/devrig/icon.svg", bytes("<svg/>"),
            "OSGI-INF/devrig/schemas/notifications.json", bytes("{\"type\":\"object\"}"),
            "OSGI-INF/devrig/schemas/merge-in.json", bytes("{\"type\":\"object\"}"),
            "OSGI-INF/devrig/schemas/merge-out.json", bytes("{\"type\":\"object\"}"),
            "OSGI-INF/devrig/schemas/settings.json", bytes("{\"type\":\"object\",\"properties\":{}}"),
            "OSGI-INF/devrig/prompts/classify.md", bytes("Classify {{item.title}}"),
            "OSGI-INF/devrig/prompts/summarize.md", bytes("Summarize {{item.body}}")));

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    PluginDescriptor read(String json) throws DescriptorException {
        return new DescriptorReader(path -> Optional.ofNullable(files.get(path)))
                .read(bytes(json), DescriptorReader.DEFAULT_LOCATION, BSN, "1.2.0.SNAPSHOT");
    }

    @Test
    void hooksPagesAndTheNewPermissionsAreRead() throws Exception {
        ObjectNode j = good();
        ((ArrayNode) j.get("permissions")).add("process:git").add("files:read").add("files:write").add("network:direct");
        PluginDescriptor d = read(j.toString());
        assertThat(d.permissions()).contains("process:git", "files:read", "files:write", "network:direct");
        assertThat(d.capabilities().hooks()).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo("github.audit");
            assertThat(h.description()).isEqualTo("Records every action");
        });
        assertThat(d.capabilities().pages()).extracting(PluginDescriptor.Page::id).containsExactly("github.dashboard");
        assertThat(d.capabilities().all()).contains("hook:github.audit", "page:github.dashboard");
        assertThat(d.capabilities().declares("hook", "github.audit")).isTrue();
    }

    @Test
    void aCompleteDescriptorIsRead() throws Exception {
        PluginDescriptor d = read(GOOD);
        assertThat(d.name()).isEqualTo(BSN);
        assertThat(d.permissions()).containsExactlyInAnyOrder("network", "secrets:read", "inbox:write", "ai:classify");
        assertThat(d.capabilities().dataSources()).singleElement()
                .satisfies(s -> assertThat(s.defaultSyncIntervalMs()).isEqualTo(60000L));
        PluginDescriptor.Action merge = d.capabilities().action("github.merge_pr").orElseThrow();
        assertThat(merge.inputSchema()).as("as written").isEqualTo("./schemas/merge-in.json");
        assertThat(d.schema(merge.inputSchema())).contains("{\"type\":\"object\"}");
        assertThat(merge.sideEffects()).as("default: previewed in a dry-run").isTrue();
        assertThat(merge.configVersion()).isEqualTo(1);
        assertThat(d.capabilities().declares("action", "github.merge_pr")).isTrue();
        assertThat(d.capabilities().declares("action", "github.close_pr")).isFalse();
        assertThat(d.capabilities().declares("flowNode", "github.is_default_branch")).isTrue();
        assertThat(d.capabilities().aiPipelines().get(0).promptTemplates())
                .containsEntry("classify", "prompts/classify.md");
        assertThat(d.settingsSchema()).isEqualTo("schemas/settings.json");
        assertThat(d.schema("schemas/settings.json")).isPresent();
        assertThat(d.tags()).containsExactly("git", "code-review");
    }

    @Test
    void aMinimalDescriptorIsEnough() throws Exception {
        PluginDescriptor d = read("{\"name\":\"" + BSN + "\",\"version\":\"1.2.0\",\"displayName\":\"GitHub\"}");
        assertThat(d.permissions()).isEmpty();
        assertThat(d.category()).isEqualTo("other");
    }

    static ObjectNode good() {
        try {
            return (ObjectNode) JSON.readTree(GOOD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Arguments bad(String what, Consumer<ObjectNode> change, String expected) {
        ObjectNode json = good();
        change.accept(json);
        return Arguments.of(what, json.toString(), expected);
    }

    static ObjectNode caps(ObjectNode root) {
        return (ObjectNode) root.get("capabilities");
    }

    static ObjectNode first(ObjectNode root, String kind) {
        return (ObjectNode) caps(root).get(kind).get(0);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // structure: the published JSON Schema, messages from the validator, paths kept
                bad("no name", j -> j.remove("name"), "$: required property 'name' not found"),
                bad("name is a number", j -> j.put("name", 7), "$.name: integer found, string expected"),
                bad("no version", j -> j.remove("version"), "$: required property 'version' not found"),
                bad("version not semver", j -> j.put("version", "one"), "$.version: does not match the regex pattern"),
                bad("no displayName", j -> j.remove("displayName"), "$: required property 'displayName' not found"),
                bad("blank displayName", j -> j.put("displayName", "  "), "$.displayName: does not match the regex pattern"),
                bad("unknown top-level field (typo)", j -> j.set("permisions", j.get("permissions")),
                        "property 'permisions' is not defined in the schema"),
                bad("unknown permission", j -> ((ArrayNode) j.get("permissions")).add("filesystem"),
                        "$.permissions[4]: does not have a value in the enumeration"),
                bad("process permission without a command", j -> ((ArrayNode) j.get("permissions")).add("process:"),
                        "$.permissions[4]: does not match the regex pattern"),
                bad("process permission with a path", j -> ((ArrayNode) j.get("permissions")).add("process:/bin/sh"),
                        "$.permissions[4]: does not match the regex pattern"),
                bad("hook without a name", j -> ((ArrayNode) j.get("capabilities").get("hooks")).addObject().put("id", "x.y"),
                        "$.capabilities.hooks[1]: required property 'name' not found"),
                bad("page and hook share an id", j -> ((ObjectNode) j.get("capabilities").get("pages").get(0))
                        .put("id", "github.audit"), "$.capabilities.pages[0]"),
                bad("permission twice", j -> ((ArrayNode) j.get("permissions")).add("network"),
                        "$.permissions: must have only unique items"),
                bad("permissions not an array", j -> j.put("permissions", "network"),
                        "$.permissions: string found, array expected"),
                bad("capabilities not an object", j -> j.put("capabilities", "all"),
                        "$.capabilities: string found, object expected"),
                bad("unknown capability kind", j -> caps(j).putArray("widgets"),
                        "property 'widgets' is not defined in the schema"),
                bad("action without id", j -> first(j, "actions").remove("id"),
                        "$.capabilities.actions[0]: required property 'id' not found"),
                bad("id with capitals", j -> first(j, "actions").put("id", "GitHub.Merge"),
                        "$.capabilities.actions[0].id: does not match the regex pattern"),
                bad("action id that is no action type", j -> first(j, "actions").put("id", "merge"),
                        "$.capabilities.actions[0].id: does not match the regex pattern"),
                bad("schema path escapes the bundle", j -> j.put("settingsSchema", "../../etc/passwd"),
                        "$.settingsSchema: must not be valid to the schema"),
                bad("absolute schema path", j -> j.put("settingsSchema", "/etc/passwd"),
                        "$.settingsSchema: must not be valid to the schema"),
                bad("unknown stage", j -> ((ArrayNode) first(j, "aiPipelines").get("stages")).add("translate"),
                        "$.capabilities.aiPipelines[0].stages[2]: does not have a value in the enumeration"),
                bad("pipeline without stages", j -> first(j, "aiPipelines").putArray("stages"),
                        "$.capabilities.aiPipelines[0].stages: must have at least 1 items"),
                bad("sync interval too short", j -> first(j, "dataSources").put("defaultSyncIntervalMs", 10),
                        "$.capabilities.dataSources[0].defaultSyncIntervalMs: must have a minimum value of 1000"),
                bad("a data source config schema (settings are the plugin's now)",
                        j -> first(j, "dataSources").put("configSchema", "schemas/notifications.json"),
                        "property 'configSchema' is not defined in the schema"),
                bad("sideEffects not a boolean", j -> first(j, "actions").put("sideEffects", "yes"),
                        "$.capabilities.actions[0].sideEffects: string found, boolean expected"),
                bad("unknown flow node type", j -> ((ObjectNode) caps(j).get("flowNodes").get(1)).put("type", "loop"),
                        "$.capabilities.flowNodes[1].type: does not have a value in the enumeration"),
                bad("capability entry not an object", j -> ((ArrayNode) caps(j).get("views")).add("github.view"),
                        "$.capabilities.views[1]: string found, object expected"),
                bad("unknown field in an action", j -> first(j, "actions").put("handler", "x"),
                        "property 'handler' is not defined in the schema"),
                bad("view without component", j -> first(j, "views").remove("component"),
                        "$.capabilities.views[0]: required property 'component' not found"),
                // what a schema cannot say: checked in Java against the bundle
                bad("name is not the symbolic name", j -> j.put("name", "devrig-plugin-github"),
                        "$.name: 'devrig-plugin-github' must be the bundle's symbolic name 'io.devrig.plugin.github'"),
                bad("version differs from the bundle", j -> j.put("version", "2.0.0"),
                        "$.version: '2.0.0' does not match the bundle version 1.2.0.SNAPSHOT"),
                bad("data source without inbox:write", j -> ((ArrayNode) j.get("permissions")).remove(2),
                        "$.permissions: declares dataSources but does not ask for 'inbox:write'"),
                bad("AI pipeline without ai:classify", j -> ((ArrayNode) j.get("permissions")).remove(3),
                        "$.permissions: declares aiPipelines but does not ask for 'ai:classify'"),
                bad("duplicate capability id", j -> first(j, "views").put("id", "github.merge_pr"),
                        "$.capabilities.views[0].id: 'github.merge_pr' is declared twice"),
                bad("schema file missing", j -> first(j, "actions").put("inputSchema", "schemas/nope.json"),
                        "$.capabilities.actions[0].inputSchema: file 'OSGI-INF/devrig/schemas/nope.json' is not in the bundle"),
                bad("prompt template missing", j -> ((ObjectNode) first(j, "aiPipelines").get("promptTemplates"))
                        .put("summarize", "prompts/gone.md"),
                        "$.capabilities.aiPipelines[0].promptTemplates.summarize: file 'OSGI-INF/devrig/prompts/gone.md' is not in the bundle"),
                bad("prompt for a stage the pipeline does not have",
                        j -> ((ObjectNode) first(j, "aiPipelines").get("promptTemplates")).put("draft", "prompts/classify.md"),
                        "$.capabilities.aiPipelines[0].promptTemplates.draft: 'draft' is not one of this pipeline's stages"),
                bad("appliesTo an unknown data source", j -> ((ArrayNode) first(j, "actions").get("appliesTo")).add("jira.issues"),
                        "$.capabilities.actions[0].appliesTo[1]: 'jira.issues' is not a data source of this plugin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedDescriptorsAreRefusedWithAMessageThatNamesTheProblem(String what, String json, String expected) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(DescriptorException.class)
                .satisfies(e -> assertThat(((DescriptorException) e).problems()).anySatisfy(p -> assertThat(p).contains(expected)));
    }

    @Test
    void aSchemaThatIsNotJsonIsRefused() {
        files.put("OSGI-INF/devrig/schemas/settings.json", bytes("{ not json"));
        assertThatThrownBy(() -> read(GOOD)).hasMessageContaining("$.settingsSchema: 'OSGI-INF/devrig/schemas/settings.json' is not valid JSON");
    }

    @Test
    void crossChecksReportEveryProblemAtOnce() {
        ObjectNode j = good();
        j.put("name", "other.name");
        first(j, "actions").put("inputSchema", "schemas/nope.json");
        ((ArrayNode) j.get("permissions")).remove(2);
        assertThatThrownBy(() -> read(j.toString())).isInstanceOfSatisfying(DescriptorException.class,
                e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void anEmptyPromptTemplateIsRefused() {
        files.put("OSGI-INF/devrig/prompts/classify.md", bytes("  \n"));
        assertThatThrownBy(() -> read(GOOD)).hasMessageContaining("file 'OSGI-INF/devrig/prompts/classify.md' is empty");
    }

    @Test
    void brokenJsonSaysWhere() {
        assertThatThrownBy(() -> read("{\"name\": \"x\",\n \"version\": }"))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 2");
        assertThatThrownBy(() -> read("[1, 2]")).hasMessageContaining("$: must be a JSON object");
        assertThatThrownBy(() -> read("{\"name\": \"a\", \"name\": \"b\"}")).as("a key given twice")
                .hasMessageContaining("not valid JSON").hasMessageContaining("name");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ObjectNode j = good();
        j.remove("displayName");
        j.put("version", "x");
        ((ArrayNode) j.get("permissions")).add("root");
        assertThatThrownBy(() -> read(j.toString())).isInstanceOfSatisfying(DescriptorException.class,
                e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void thePublishedJsonSchemaDescribesTheSameFields() throws Exception {
        var schema = JSON.readTree(getClass().getClassLoader().getResourceAsStream("OSGI-INF/devrig/plugin-descriptor.schema.json"));
        assertThat(schema.get("$schema").asText()).contains("json-schema.org");
        var properties = schema.get("properties");
        good().fieldNames().forEachRemaining(f -> assertThat(properties.has(f)).as(f).isTrue());
        assertThat(schema.get("required")).extracting(Object::toString).asString().contains("name", "version", "displayName");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        var permissionEnum = properties.get("permissions").get("items").get("else").get("enum");
        assertThat(permissionEnum).hasSize(Permissions.all().size());
        assertThat(properties.get("permissions").get("items").get("then").get("pattern").asText())
                .isEqualTo("^process:[A-Za-z0-9._+-]+$");
        assertThat(Permissions.known("process:git")).isTrue();
        assertThat(Permissions.known("process:")).isFalse();
        assertThat(Permissions.describe("process:git")).isEqualTo("start processes whose argv[0] file name is git");
        permissionEnum.forEach(p -> assertThat(Permissions.known(p.asText())).as(p.asText()).isTrue());
        assertThat(DescriptorReader.schema()).isEqualTo(new String(getClass().getClassLoader()
                .getResourceAsStream(DescriptorReader.SCHEMA_RESOURCE).readAllBytes(), StandardCharsets.UTF_8));
    }
}
