package io.devrig.api.action;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Performs one action type. Published as an OSGi service (whiteboard); the
 * {@link ActionRegistry} finds it.
 *
 * <p><b>In a plugin</b> the executor supplies behaviour only: it carries the one service
 * property {@code devrig.capability=action:<id>} naming the action of its descriptor
 * ({@code plugin.json}), does not implement {@link #descriptor()}, and the registry takes
 * name, description, category, schemas, side effects and config version from the descriptor
 * the plugin host accepted. A built-in executor (a bundle without the {@code DevRig-Plugin}
 * header) returns its descriptor.
 *
 * <p>Implementations are called concurrently and must be thread-safe. A call should end
 * promptly when its thread is interrupted (cancellation and time limits interrupt it) or
 * {@link ActionContext#cancelled()} turns true.
 */
@ConsumerType
public interface ActionExecutor {

    /**
     * Optional service property naming the type of a built-in executor (informational; the
     * descriptor is authoritative). Plugins do not use it: their executors carry
     * {@code devrig.capability=action:<id>} only.
     */
    String TYPE_PROPERTY = "devrig.action.type";

    /**
     * What the action is. A built-in executor returns its descriptor; a plugin's executor
     * keeps this default (null), the registry uses the one built from the plugin's descriptor.
     * A plugin's executor that overrides this method is refused by the registry (one ERROR
     * line): the input schema of a plugin action lives only in {@code plugin.json}.
     */
    default ActionDescriptor descriptor() {
        return null;
    }

    /**
     * Runs the action.
     *
     * @param input the resolved input, valid against the descriptor's input schema
     * @return the output (JSON-compatible values), may be null
     * @throws io.devrig.api.error.DevRigException to fail with a specific code and category
     *         (its category decides whether a retry may help); any other exception is a
     *         failure of category {@code plugin}
     */
    Object execute(Object input, ActionContext context) throws Exception;

    /**
     * What the action would do, for a dry-run of an action with side effects: it must not
     * change anything. By default a description of the call.
     */
    default Object preview(Object input, ActionContext context) {
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("preview", Boolean.TRUE);
        ActionDescriptor descriptor = descriptor();
        preview.put("actionType", descriptor == null ? null : descriptor.type());
        preview.put("input", input);
        return preview;
    }

    /**
     * Turns a node config saved with config version {@code fromVersion} (older than the
     * descriptor's) into the current format. By default returns it unchanged.
     */
    default Map<String, Object> migrate(int fromVersion, Map<String, Object> config) {
        return config;
    }
}
