package io.devrig.api.action;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Performs one action type. Published as an OSGi service (whiteboard); the
 * {@link ActionRegistry} finds it. A plugin's executor must also carry the service
 * property {@code devrig.capability=action:<type>} its descriptor declares.
 *
 * <p>Implementations are called concurrently and must be thread-safe. A call should end
 * promptly when its thread is interrupted (cancellation and time limits interrupt it) or
 * {@link ActionContext#cancelled()} turns true.
 */
@ConsumerType
public interface ActionExecutor {

    /** Optional service property naming the type; the descriptor is authoritative. */
    String TYPE_PROPERTY = "devrig.action.type";

    ActionDescriptor descriptor();

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
        preview.put("actionType", descriptor().type());
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
