package io.devrig.api.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's descriptor ({@code OSGI-INF/devrig/plugin.json} in its bundle) as the plugin
 * host accepted it: checked against the published JSON Schema
 * ({@code OSGI-INF/devrig/plugin-descriptor.schema.json} in the host bundle) and against the
 * bundle. This is the one place a plugin's metadata is written: the host builds action
 * descriptors, data source defaults and the settings check from it, and plugin code supplies
 * behaviour only. File paths are as written in the descriptor (relative to its folder);
 * {@link #schemas()} holds the text of every JSON Schema file it names.
 *
 * @param name the plugin id, equal to the bundle symbolic name
 * @param version major.minor.micro of the bundle version
 * @param displayName shown to users
 * @param description what it does ({@code ""} when not given)
 * @param author who wrote it ({@code ""} when not given)
 * @param license its license ({@code ""} when not given)
 * @param icon an icon file, or null
 * @param category catalog category ({@code other} when not given)
 * @param tags free tags
 * @param permissions what it asks for
 * @param capabilities what it provides
 * @param settingsSchema the JSON Schema file of its settings (see {@link PluginAdmin#configure}), or null
 *        when it takes none
 * @param schemas the text of each JSON Schema file named anywhere in the descriptor, by path as written
 */
public record PluginDescriptor(String name, String version, String displayName, String description, String author,
        String license, String icon, String category, List<String> tags, Set<String> permissions,
        Capabilities capabilities, String settingsSchema, Map<String, String> schemas) {

    public PluginDescriptor {
        description = description == null ? "" : description;
        author = author == null ? "" : author;
        license = license == null ? "" : license;
        category = category == null || category.isBlank() ? "other" : category;
        tags = tags == null ? List.of() : List.copyOf(tags);
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
        capabilities = capabilities == null ? new Capabilities(null, null, null, null, null, null, null) : capabilities;
        schemas = schemas == null ? Map.of() : Map.copyOf(schemas);
    }

    /** The same descriptor with the text of its schema files. */
    public PluginDescriptor withSchemas(Map<String, String> value) {
        return new PluginDescriptor(name, version, displayName, description, author, license, icon, category, tags,
                permissions, capabilities, settingsSchema, value);
    }

    /** The text of a schema file the descriptor names; empty for null or an unknown path. */
    public Optional<String> schema(String path) {
        return path == null ? Optional.empty() : Optional.ofNullable(schemas.get(path));
    }

    /** What the plugin provides; each entry is published as a service carrying {@code devrig.capability=<kind>:<id>}. */
    public record Capabilities(List<DataSource> dataSources, List<Action> actions, List<AiPipeline> aiPipelines,
            List<View> views, List<FlowNode> flowNodes, List<Hook> hooks, List<Page> pages) {

        public Capabilities {
            dataSources = dataSources == null ? List.of() : List.copyOf(dataSources);
            actions = actions == null ? List.of() : List.copyOf(actions);
            aiPipelines = aiPipelines == null ? List.of() : List.copyOf(aiPipelines);
            views = views == null ? List.of() : List.copyOf(views);
            flowNodes = flowNodes == null ? List.of() : List.copyOf(flowNodes);
            hooks = hooks == null ? List.of() : List.copyOf(hooks);
            pages = pages == null ? List.of() : List.copyOf(pages);
        }

        /** Without hooks and pages (the form before 1.2). */
        public Capabilities(List<DataSource> dataSources, List<Action> actions, List<AiPipeline> aiPipelines,
                List<View> views, List<FlowNode> flowNodes) {
            this(dataSources, actions, aiPipelines, views, flowNodes, null, null);
        }

        /** Whether the descriptor declares a capability of this kind and id. */
        public boolean declares(String kind, String id) {
            return all().contains(kind + ":" + id);
        }

        /** Every declared capability as {@code kind:id}, in descriptor order. */
        public List<String> all() {
            List<String> result = new java.util.ArrayList<>();
            dataSources.forEach(c -> result.add(DataSource.KIND + ":" + c.id()));
            actions.forEach(c -> result.add(Action.KIND + ":" + c.id()));
            aiPipelines.forEach(c -> result.add(AiPipeline.KIND + ":" + c.id()));
            views.forEach(c -> result.add(View.KIND + ":" + c.id()));
            flowNodes.forEach(c -> result.add(FlowNode.KIND + ":" + c.id()));
            hooks.forEach(c -> result.add(Hook.KIND + ":" + c.id()));
            pages.forEach(c -> result.add(Page.KIND + ":" + c.id()));
            return result;
        }

        /** The declared action with this id. */
        public Optional<Action> action(String id) {
            return actions.stream().filter(a -> a.id().equals(id)).findFirst();
        }

        /** The declared data source with this id. */
        public Optional<DataSource> dataSource(String id) {
            return dataSources.stream().filter(d -> d.id().equals(id)).findFirst();
        }
    }

    /**
     * A data source.
     *
     * @param defaultSyncIntervalMs how often it syncs unless an admin says otherwise (5 minutes when not given)
     */
    public record DataSource(String id, String name, String description, Long defaultSyncIntervalMs) {

        /** The capability kind. */
        public static final String KIND = "dataSource";

        public DataSource {
            description = description == null ? "" : description;
            defaultSyncIntervalMs = defaultSyncIntervalMs == null ? 300_000L : defaultSyncIntervalMs;
        }
    }

    /**
     * A flow action.
     *
     * @param category shown with the action; null: the type's first segment ({@code github} for {@code github.comment})
     * @param inputSchema JSON Schema file of its input, or null
     * @param outputSchema JSON Schema file of its output, or null
     * @param appliesTo data sources whose inbox items it can act on
     * @param sideEffects whether it changes anything outside the run (default true: a dry-run previews it)
     * @param configVersion the version of its node config format (default 1)
     * @param idempotent whether its side effects are idempotent (default false): running it
     *        again with the same input and idempotency key changes nothing more than the first
     *        call did, e.g. an upsert keyed by the key (see {@link
     *        io.devrig.api.action.ActionDescriptor#idempotent()})
     */
    public record Action(String id, String name, String description, String category, String inputSchema,
            String outputSchema, List<String> appliesTo, Boolean sideEffects, Integer configVersion,
            Boolean idempotent) {

        /** The capability kind. */
        public static final String KIND = "action";

        public Action {
            description = description == null ? "" : description;
            appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
            sideEffects = sideEffects == null ? Boolean.TRUE : sideEffects;
            configVersion = configVersion == null ? 1 : configVersion;
            idempotent = idempotent == null ? Boolean.FALSE : idempotent;
        }

        /** An action whose side effects are not declared idempotent. */
        public Action(String id, String name, String description, String category, String inputSchema,
                String outputSchema, List<String> appliesTo, Boolean sideEffects, Integer configVersion) {
            this(id, name, description, category, inputSchema, outputSchema, appliesTo, sideEffects, configVersion,
                    null);
        }
    }

    /** An AI pipeline; {@code promptTemplates} maps a stage to a template file. */
    public record AiPipeline(String id, String name, String description, List<String> appliesTo, List<String> stages,
            Map<String, String> promptTemplates) {

        /** The capability kind. */
        public static final String KIND = "aiPipeline";

        public AiPipeline {
            description = description == null ? "" : description;
            appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
            stages = stages == null ? List.of() : List.copyOf(stages);
            promptTemplates = promptTemplates == null ? Map.of() : Map.copyOf(promptTemplates);
        }
    }

    /** A view of the web UI. */
    public record View(String id, String name, String component, List<String> appliesTo) {

        /** The capability kind. */
        public static final String KIND = "view";

        public View {
            appliesTo = appliesTo == null ? List.of() : List.copyOf(appliesTo);
        }
    }

    /** A flow editor node. */
    public record FlowNode(String type, String id, String name, String category, String configSchema,
            String inputSchema, String outputSchema) {

        /** The capability kind. */
        public static final String KIND = "flowNode";

        public FlowNode {
            category = category == null ? "" : category;
        }
    }

    /**
     * An action hook: an {@link io.devrig.api.action.ActionHook} service with
     * {@code devrig.capability=hook:<id>}, called around every action through the plugin invoker
     * (the plugin's threads, its time limit and circuit breaker).
     */
    public record Hook(String id, String name, String description) {

        /** The capability kind. */
        public static final String KIND = "hook";
    }

    /**
     * A web page: a {@code javax.servlet.Servlet} service with {@code devrig.capability=page:<id>}.
     * The HTTP whiteboard never sees it; the host serves it at
     * {@code /devrig/plugins/<pluginId>/<pageId>/*} behind DevRig's authentication.
     */
    public record Page(String id, String name, String description) {

        /** The capability kind. */
        public static final String KIND = "page";
    }
}
