package io.devrig.plugin.internal.descriptor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated plugin descriptor (seed architecture §2.2, as a resource in the bundle).
 * Paths are relative to the bundle root.
 */
public record PluginDescriptor(
        String name,
        String version,
        String displayName,
        String description,
        String author,
        String license,
        String icon,
        String category,
        List<String> tags,
        Set<String> permissions,
        Capabilities capabilities,
        String settingsSchema,
        String json) {

    /** What the plugin provides; each entry is published as a service carrying its kind and id. */
    public record Capabilities(List<DataSource> dataSources, List<Action> actions, List<AiPipeline> aiPipelines,
            List<View> views, List<FlowNode> flowNodes) {

        /** Whether the descriptor declares a capability of this kind and id. */
        public boolean declares(String kind, String id) {
            return switch (kind) {
                case "dataSource" -> dataSources.stream().anyMatch(c -> c.id().equals(id));
                case "action" -> actions.stream().anyMatch(c -> c.id().equals(id));
                case "aiPipeline" -> aiPipelines.stream().anyMatch(c -> c.id().equals(id));
                case "view" -> views.stream().anyMatch(c -> c.id().equals(id));
                case "flowNode" -> flowNodes.stream().anyMatch(c -> c.id().equals(id));
                default -> false;
            };
        }
    }

    public record DataSource(String id, String name, String description, long defaultSyncIntervalMs,
            String configSchema) {
    }

    public record Action(String id, String name, String description, String inputSchema, String outputSchema,
            List<String> appliesTo) {
    }

    public record AiPipeline(String id, String name, String description, List<String> appliesTo, List<String> stages,
            Map<String, String> promptTemplates) {
    }

    public record View(String id, String name, String component, List<String> appliesTo) {
    }

    public record FlowNode(String type, String id, String name, String category, String configSchema,
            String inputSchema, String outputSchema) {
    }
}
