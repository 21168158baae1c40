package io.devrig.plugin.internal.descriptor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks a plugin descriptor against the bundle that carries it. Strict:
 * unknown fields are errors (a typo must not silently drop a permission), and every
 * problem found is reported, each with its JSON path.
 */
public final class DescriptorReader {

    /** Where a plugin bundle keeps its descriptor unless its DevRig-Plugin header says otherwise. */
    public static final String DEFAULT_LOCATION = "OSGI-INF/devrig/plugin.json";

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");
    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    static final Set<String> STAGES = Set.of("classify", "filter", "summarize", "draft");
    static final Set<String> NODE_TYPES = Set.of("trigger", "action", "condition");
    private static final Set<String> TOP = Set.of("name", "version", "displayName", "description", "author",
            "license", "icon", "category", "tags", "permissions", "capabilities", "settingsSchema");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Optional<byte[]>> resources;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param resources reads a file of the bundle by path (bundle root relative), empty when absent
     */
    public DescriptorReader(Function<String, Optional<byte[]>> resources) {
        this.resources = resources;
    }

    /**
     * Parses {@code json} as the descriptor of bundle {@code symbolicName} {@code bundleVersion}.
     *
     * @param location where the descriptor is in the bundle, to resolve relative paths
     */
    public PluginDescriptor read(byte[] json, String location, String symbolicName, String bundleVersion)
            throws DescriptorException {
        problems.clear();
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DescriptorException(List.of("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (java.io.IOException e) {
            throw new DescriptorException(List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new DescriptorException(List.of("$: must be a JSON object"));
        }
        String base = location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
        unknownFields(root, "$", TOP);

        String name = requiredText(root, "$", "name");
        if (name != null && !name.equals(symbolicName)) {
            problem("$.name: '" + name + "' must be the bundle's symbolic name '" + symbolicName + "'");
        }
        String version = requiredText(root, "$", "version");
        if (version != null) {
            if (!VERSION.matcher(version).matches()) {
                problem("$.version: '" + version + "' is not a version like 1.2.3");
            } else if (bundleVersion != null && !bundleVersion.startsWith(version)) {
                problem("$.version: '" + version + "' does not match the bundle version " + bundleVersion);
            }
        }
        String displayName = requiredText(root, "$", "displayName");
        String description = optionalText(root, "$", "description", "");
        String author = optionalText(root, "$", "author", "");
        String license = optionalText(root, "$", "license", "");
        String icon = resource(root, "$", "icon", base, false);
        String category = optionalText(root, "$", "category", "other");
        List<String> tags = textList(root, "$", "tags");
        Set<String> permissions = new LinkedHashSet<>();
        List<String> asked = textList(root, "$", "permissions");
        for (int i = 0; i < asked.size(); i++) {
            String p = asked.get(i);
            if (!Permissions.known(p)) {
                problem("$.permissions[" + i + "]: unknown permission '" + p + "' (known: "
                        + String.join(", ", Permissions.all()) + ")");
            } else if (!permissions.add(p)) {
                problem("$.permissions[" + i + "]: '" + p + "' is listed twice");
            }
        }
        PluginDescriptor.Capabilities capabilities = capabilities(root.get("capabilities"), base, permissions);
        String settingsSchema = resource(root, "$", "settingsSchema", base, true);

        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return new PluginDescriptor(name, version, displayName, description, author, license, icon, category, tags,
                Set.copyOf(permissions), capabilities, settingsSchema, root.toString());
    }

    private PluginDescriptor.Capabilities capabilities(JsonNode node, String base, Set<String> permissions) {
        String path = "$.capabilities";
        List<PluginDescriptor.DataSource> dataSources = new ArrayList<>();
        List<PluginDescriptor.Action> actions = new ArrayList<>();
        List<PluginDescriptor.AiPipeline> pipelines = new ArrayList<>();
        List<PluginDescriptor.View> views = new ArrayList<>();
        List<PluginDescriptor.FlowNode> flowNodes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return new PluginDescriptor.Capabilities(dataSources, actions, pipelines, views, flowNodes);
        }
        if (!node.isObject()) {
            problem(path + ": must be an object");
            return new PluginDescriptor.Capabilities(dataSources, actions, pipelines, views, flowNodes);
        }
        unknownFields(node, path, Set.of("dataSources", "actions", "aiPipelines", "views", "flowNodes"));
        Set<String> ids = new HashSet<>();
        for (Entry e : entries(node, path, "dataSources")) {
            String id = id(e.node, e.path, ids);
            unknownFields(e.node, e.path, Set.of("id", "name", "description", "defaultSyncIntervalMs", "configSchema"));
            long interval = 300_000;
            JsonNode iv = e.node.get("defaultSyncIntervalMs");
            if (iv != null) {
                if (!iv.canConvertToLong() || !iv.isIntegralNumber() || iv.asLong() < 1000) {
                    problem(e.path + ".defaultSyncIntervalMs: must be a whole number of milliseconds, at least 1000");
                } else {
                    interval = iv.asLong();
                }
            }
            dataSources.add(new PluginDescriptor.DataSource(id, requiredText(e.node, e.path, "name"),
                    optionalText(e.node, e.path, "description", ""), interval,
                    resource(e.node, e.path, "configSchema", base, true)));
        }
        Set<String> sourceIds = new HashSet<>();
        dataSources.forEach(d -> sourceIds.add(d.id()));
        for (Entry e : entries(node, path, "actions")) {
            unknownFields(e.node, e.path, Set.of("id", "name", "description", "inputSchema", "outputSchema", "appliesTo"));
            actions.add(new PluginDescriptor.Action(id(e.node, e.path, ids), requiredText(e.node, e.path, "name"),
                    optionalText(e.node, e.path, "description", ""), resource(e.node, e.path, "inputSchema", base, true),
                    resource(e.node, e.path, "outputSchema", base, true), appliesTo(e, sourceIds)));
        }
        for (Entry e : entries(node, path, "aiPipelines")) {
            unknownFields(e.node, e.path, Set.of("id", "name", "description", "appliesTo", "stages", "promptTemplates"));
            String id = id(e.node, e.path, ids);
            List<String> stages = textList(e.node, e.path, "stages");
            if (stages.isEmpty()) {
                problem(e.path + ".stages: at least one of " + String.join(", ", sorted(STAGES)) + " is required");
            }
            for (int i = 0; i < stages.size(); i++) {
                if (!STAGES.contains(stages.get(i))) {
                    problem(e.path + ".stages[" + i + "]: unknown stage '" + stages.get(i) + "' (known: "
                            + String.join(", ", sorted(STAGES)) + ")");
                }
            }
            Map<String, String> templates = new LinkedHashMap<>();
            JsonNode pt = e.node.get("promptTemplates");
            if (pt != null && !pt.isObject()) {
                problem(e.path + ".promptTemplates: must be an object of stage → template file");
            } else if (pt != null) {
                for (Iterator<String> it = pt.fieldNames(); it.hasNext();) {
                    String stage = it.next();
                    if (!stages.contains(stage)) {
                        problem(e.path + ".promptTemplates." + stage + ": '" + stage + "' is not one of this pipeline's stages");
                    }
                    String file = resource(pt, e.path + ".promptTemplates", stage, base, false);
                    if (file != null) {
                        templates.put(stage, file);
                    }
                }
            }
            pipelines.add(new PluginDescriptor.AiPipeline(id, requiredText(e.node, e.path, "name"),
                    optionalText(e.node, e.path, "description", ""), appliesTo(e, sourceIds), stages, templates));
        }
        for (Entry e : entries(node, path, "views")) {
            unknownFields(e.node, e.path, Set.of("id", "name", "component", "appliesTo"));
            views.add(new PluginDescriptor.View(id(e.node, e.path, ids), requiredText(e.node, e.path, "name"),
                    requiredText(e.node, e.path, "component"), appliesTo(e, sourceIds)));
        }
        Set<String> nodeIds = new HashSet<>();
        for (Entry e : entries(node, path, "flowNodes")) {
            unknownFields(e.node, e.path, Set.of("type", "id", "name", "category", "configSchema", "inputSchema", "outputSchema"));
            String type = requiredText(e.node, e.path, "type");
            if (type != null && !NODE_TYPES.contains(type)) {
                problem(e.path + ".type: unknown node type '" + type + "' (known: action, condition, trigger)");
            }
            // a flow node may share its id with the action it wraps, but not with another node
            flowNodes.add(new PluginDescriptor.FlowNode(type, id(e.node, e.path, nodeIds), requiredText(e.node, e.path, "name"),
                    optionalText(e.node, e.path, "category", ""), resource(e.node, e.path, "configSchema", base, true),
                    resource(e.node, e.path, "inputSchema", base, true), resource(e.node, e.path, "outputSchema", base, true)));
        }
        Permissions.REQUIRED_BY_CAPABILITY.forEach((kind, permission) -> {
            boolean declared = kind.equals("dataSources") ? !dataSources.isEmpty() : !pipelines.isEmpty();
            if (declared && !permissions.contains(permission)) {
                problem("$.permissions: declares " + kind + " but does not ask for '" + permission + "'");
            }
        });
        return new PluginDescriptor.Capabilities(dataSources, actions, pipelines, views, flowNodes);
    }

    private record Entry(JsonNode node, String path) {
    }

    private List<Entry> entries(JsonNode parent, String path, String field) {
        List<Entry> result = new ArrayList<>();
        JsonNode list = parent.get(field);
        if (list == null || list.isNull()) {
            return result;
        }
        if (!list.isArray()) {
            problem(path + "." + field + ": must be an array");
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = path + "." + field + "[" + i + "]";
            if (!list.get(i).isObject()) {
                problem(at + ": must be an object");
            } else {
                result.add(new Entry(list.get(i), at));
            }
        }
        return result;
    }

    private String id(JsonNode node, String path, Set<String> seen) {
        String id = requiredText(node, path, "id");
        if (id == null) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            problem(path + ".id: '" + id + "' must be lower case letters, digits, '.', '_' or '-'");
        } else if (!seen.add(id)) {
            problem(path + ".id: '" + id + "' is declared twice");
        }
        return id;
    }

    private List<String> appliesTo(Entry e, Set<String> sourceIds) {
        List<String> targets = textList(e.node, e.path, "appliesTo");
        for (int i = 0; i < targets.size(); i++) {
            if (!sourceIds.contains(targets.get(i))) {
                problem(e.path + ".appliesTo[" + i + "]: '" + targets.get(i) + "' is not a data source of this plugin");
            }
        }
        return targets;
    }

    /**
     * A file the descriptor points to: relative, inside the bundle, present; JSON schemas
     * must parse as JSON objects, other files must not be empty.
     */
    private String resource(JsonNode node, String path, String field, String base, boolean jsonSchema) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String at = path + "." + field;
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(at + ": must be a path to a file in the bundle");
            return null;
        }
        String raw = value.asText().trim();
        String relative = raw.startsWith("./") ? raw.substring(2) : raw;
        if (relative.startsWith("/") || relative.contains("..") || relative.contains("\\") || relative.contains(":")) {
            problem(at + ": '" + raw + "' must be a relative path inside the bundle");
            return null;
        }
        String full = base + relative;
        Optional<byte[]> bytes = resources.apply(full);
        if (bytes.isEmpty()) {
            problem(at + ": file '" + full + "' is not in the bundle");
            return full;
        }
        if (jsonSchema) {
            try {
                JsonNode schema = JSON.readTree(bytes.get());
                if (schema == null || !schema.isObject()) {
                    problem(at + ": '" + full + "' is not a JSON Schema object");
                }
            } catch (java.io.IOException e) {
                problem(at + ": '" + full + "' is not valid JSON");
            }
        } else if (bytes.get().length == 0 || new String(bytes.get(), StandardCharsets.UTF_8).isBlank()) {
            problem(at + ": file '" + full + "' is empty");
        }
        return full;
    }

    private String requiredText(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(path + "." + field + ": required");
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problem(path + "." + field + ": must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private String optionalText(JsonNode node, String path, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problem(path + "." + field + ": must be a string");
            return fallback;
        }
        return value.asText();
    }

    private List<String> textList(JsonNode node, String path, String field) {
        List<String> result = new ArrayList<>();
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return result;
        }
        if (!list.isArray()) {
            problem(path + "." + field + ": must be an array of strings");
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
                problem(path + "." + field + "[" + i + "]: must be a non-empty string");
            } else {
                result.add(list.get(i).asText());
            }
        }
        return result;
    }

    private void unknownFields(JsonNode node, String path, Set<String> allowed) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowed.contains(field)) {
                problem(path + "." + field + ": unknown field (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private void problem(String message) {
        problems.add(message);
    }
}
