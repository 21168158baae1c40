package io.devrig.common.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.common.json.Json;
import io.devrig.common.schema.SchemaProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a plugin descriptor: first against the published JSON Schema
 * ({@value #SCHEMA_RESOURCE}, strict: unknown fields are errors, so a typo cannot silently
 * drop a permission), then mapped with Jackson, then checked against the bundle for what a
 * schema cannot say (name and version are the bundle's, referenced files exist and parse,
 * ids are unique, permissions cover the capabilities, appliesTo and prompt templates point
 * at something of this plugin). Every problem is reported with its JSON path.
 */
public final class DescriptorReader {

    /** Where a plugin bundle keeps its descriptor unless its DevRig-Plugin header says otherwise. */
    public static final String DEFAULT_LOCATION = "OSGI-INF/devrig/plugin.json";

    /** The JSON Schema of the descriptor, a resource of this bundle (for REST and editors to serve too). */
    public static final String SCHEMA_RESOURCE = "OSGI-INF/devrig/plugin-descriptor.schema.json";

    /** DevRig's one strict mapper: a key given twice or text after the object is an error, not a guess. */
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String SCHEMA = load(SCHEMA_RESOURCE);

    private final Function<String, Optional<byte[]>> resources;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> schemas = new LinkedHashMap<>();
    private String base = "";

    /**
     * @param resources reads a file of the bundle by path (bundle root relative), empty when absent
     */
    public DescriptorReader(Function<String, Optional<byte[]>> resources) {
        this.resources = resources;
    }

    /** The JSON Schema of plugin descriptors, as text. */
    public static String schema() {
        return SCHEMA;
    }

    /**
     * Parses {@code json} as the descriptor of bundle {@code symbolicName} {@code bundleVersion}.
     *
     * @param location where the descriptor is in the bundle, to resolve relative paths
     */
    public PluginDescriptor read(byte[] json, String location, String symbolicName, String bundleVersion)
            throws DescriptorException {
        problems.clear();
        schemas.clear();
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DescriptorException(List.of("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new DescriptorException(List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new DescriptorException(List.of("$: must be a JSON object"));
        }
        List<String> structure = SchemaProblems.problems(SCHEMA, root, "$");
        if (!structure.isEmpty()) {
            throw new DescriptorException(structure);
        }
        PluginDescriptor d;
        try {
            d = JSON.treeToValue(root, PluginDescriptor.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // the schema admits only what the records take; this is a bug, say so plainly
            throw new DescriptorException(List.of("$: cannot be mapped: " + e.getMessage()));
        }
        base = location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
        crossChecks(d, symbolicName, bundleVersion);
        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return d.withSchemas(schemas);
    }

    private void crossChecks(PluginDescriptor d, String symbolicName, String bundleVersion) {
        if (!d.name().equals(symbolicName)) {
            problems.add("$.name: '" + d.name() + "' must be the bundle's symbolic name '" + symbolicName + "'");
        }
        if (bundleVersion != null && !bundleVersion.startsWith(d.version())) {
            problems.add("$.version: '" + d.version() + "' does not match the bundle version " + bundleVersion);
        }
        file(d.icon(), "$.icon", false);
        file(d.settingsSchema(), "$.settingsSchema", true);
        PluginDescriptor.Capabilities caps = d.capabilities();
        Set<String> ids = new HashSet<>();
        Set<String> sources = new HashSet<>();
        String at = "$.capabilities.";
        for (int i = 0; i < caps.dataSources().size(); i++) {
            unique(caps.dataSources().get(i).id(), at + "dataSources[" + i + "]", ids);
            sources.add(caps.dataSources().get(i).id());
        }
        for (int i = 0; i < caps.actions().size(); i++) {
            PluginDescriptor.Action a = caps.actions().get(i);
            String path = at + "actions[" + i + "]";
            unique(a.id(), path, ids);
            file(a.inputSchema(), path + ".inputSchema", true);
            file(a.outputSchema(), path + ".outputSchema", true);
            appliesTo(a.appliesTo(), path, sources);
        }
        for (int i = 0; i < caps.aiPipelines().size(); i++) {
            PluginDescriptor.AiPipeline p = caps.aiPipelines().get(i);
            String path = at + "aiPipelines[" + i + "]";
            unique(p.id(), path, ids);
            appliesTo(p.appliesTo(), path, sources);
            p.promptTemplates().forEach((stage, template) -> {
                if (!p.stages().contains(stage)) {
                    problems.add(path + ".promptTemplates." + stage + ": '" + stage
                            + "' is not one of this pipeline's stages");
                }
                file(template, path + ".promptTemplates." + stage, false);
            });
        }
        for (int i = 0; i < caps.views().size(); i++) {
            unique(caps.views().get(i).id(), at + "views[" + i + "]", ids);
            appliesTo(caps.views().get(i).appliesTo(), at + "views[" + i + "]", sources);
        }
        Set<String> nodeIds = new HashSet<>(); // a flow node may share its id with the action it wraps
        for (int i = 0; i < caps.hooks().size(); i++) {
            unique(caps.hooks().get(i).id(), at + "hooks[" + i + "]", ids);
        }
        for (int i = 0; i < caps.pages().size(); i++) {
            unique(caps.pages().get(i).id(), at + "pages[" + i + "]", ids);
        }
        for (int i = 0; i < caps.flowNodes().size(); i++) {
            PluginDescriptor.FlowNode n = caps.flowNodes().get(i);
            String path = at + "flowNodes[" + i + "]";
            unique(n.id(), path, nodeIds);
            file(n.configSchema(), path + ".configSchema", true);
            file(n.inputSchema(), path + ".inputSchema", true);
            file(n.outputSchema(), path + ".outputSchema", true);
        }
        Permissions.REQUIRED_BY_CAPABILITY.forEach((kind, permission) -> {
            boolean declared = kind.equals("dataSources") ? !caps.dataSources().isEmpty() : !caps.aiPipelines().isEmpty();
            if (declared && !d.permissions().contains(permission)) {
                problems.add("$.permissions: declares " + kind + " but does not ask for '" + permission + "'");
            }
        });
    }

    private void unique(String id, String path, Set<String> seen) {
        if (!seen.add(id)) {
            problems.add(path + ".id: '" + id + "' is declared twice");
        }
    }

    private void appliesTo(List<String> targets, String path, Set<String> sources) {
        for (int i = 0; i < targets.size(); i++) {
            if (!sources.contains(targets.get(i))) {
                problems.add(path + ".appliesTo[" + i + "]: '" + targets.get(i) + "' is not a data source of this plugin");
            }
        }
    }

    /**
     * A file the descriptor names (the schema already keeps it relative and inside the
     * bundle): present; a JSON Schema must parse as a JSON object and is kept by its path as
     * written, any other file must not be empty.
     */
    private void file(String written, String path, boolean jsonSchema) {
        if (written == null) {
            return;
        }
        String full = base + (written.startsWith("./") ? written.substring(2) : written);
        Optional<byte[]> bytes = resources.apply(full);
        if (bytes.isEmpty()) {
            problems.add(path + ": file '" + full + "' is not in the bundle");
            return;
        }
        String text = new String(bytes.get(), StandardCharsets.UTF_8);
        if (!jsonSchema) {
            if (text.isBlank()) {
                problems.add(path + ": file '" + full + "' is empty");
            }
            return;
        }
        try {
            JsonNode schema = JSON.readTree(text);
            if (schema == null || !schema.isObject()) {
                problems.add(path + ": '" + full + "' is not a JSON Schema object");
            } else {
                schemas.put(written, text);
            }
        } catch (IOException e) {
            problems.add(path + ": '" + full + "' is not valid JSON");
        }
    }

    private static String load(String resource) {
        try (InputStream in = DescriptorReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
