package io.devrig.api.action;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every action type available now (seed architecture §8.1), and the pipeline every call
 * goes through (§8.3). Published by the {@code io.devrig.action} bundle.
 *
 * <p><b>Config resolution.</b> Before a call, the node config is resolved against
 * {@link ActionInvocation#data()}: a string containing <code>{{</code> is a template
 * (seed §8.4) rendered to a string, except a string that is exactly one
 * <code>{{path}}</code>, which yields the value at that path with its JSON type (an array
 * stays an array); an object <code>{"$ref": "nodes.fetch.output.items"}</code> is a value
 * reference and yields the value at that path (null when absent). Everything else is
 * taken as is. Maps and lists are resolved recursively.
 */
@ProviderType
public interface ActionRegistry {

    /** The descriptors of every available action type, by type. */
    List<ActionDescriptor> list();

    /** The descriptors of one category. */
    List<ActionDescriptor> listByCategory(String category);

    Optional<ActionDescriptor> descriptor(String type);

    /** The plugin (bundle symbolic name) providing the type, empty for a built-in or unknown type. */
    Optional<String> pluginId(String type);

    default boolean has(String type) {
        return descriptor(type).isPresent();
    }

    /**
     * Checks a node config at save time against the type's input schema. Values that are
     * templates or value references are only known at run time: problems at or below them
     * are not reported. Each problem is {@code <JSON path>: <message>}; empty when fine or
     * when the type is unknown.
     */
    List<String> validateConfig(String type, Map<String, Object> config);

    /** Migrates a node config saved with an older config version; unchanged when current or unknown. */
    Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config);

    /**
     * Runs one call through the pipeline. Never throws for a failure of the action: the
     * outcome carries the error. In a {@link ActionContext#dryRun() dry-run}, an action
     * with side effects is previewed instead of executed.
     */
    ActionOutcome execute(ActionInvocation invocation);

    /** Resolves templates and value references of a config as {@link #execute} does. */
    Object resolve(Map<String, Object> config, Map<String, Object> data);

    /** Counters per action type. */
    List<ActionMetrics> metrics();
}
