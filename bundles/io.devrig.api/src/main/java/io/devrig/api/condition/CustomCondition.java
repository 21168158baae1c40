package io.devrig.api.condition;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A condition a plugin provides, for {@code custom} expressions
 * <pre>{"type":"custom","pluginId":"acme.plugin","functionName":"acme.business_hours",
 *  "args":[{"type":"context","path":"trigger.firedAt"}]}</pre>
 * Published as a service with two properties:
 * <ul>
 * <li>{@value #TYPE_PROPERTY}{@code =<id>}: the {@code functionName} it answers to;</li>
 * <li>{@code devrig.capability=flowNode:<id>} (see
 * {@link io.devrig.api.plugin.PluginConstants#CAPABILITY_PROPERTY}), so that the plugin host
 * only lets it be seen when the plugin's descriptor declares a flow node of type
 * {@code condition} with that id and the plugin is active. The engine ignores a service
 * whose capability property is missing or names another id.</li>
 * </ul>
 * {@code pluginId} in the expression is the plugin's name (its bundle symbolic name).
 *
 * <p>The engine calls {@link #test} through the
 * {@link io.devrig.api.plugin.PluginInvoker} with a 500 ms limit: on a plugin thread,
 * interrupted when the limit expires, counted and behind the plugin's circuit breaker.
 * An implementation must be quick, must not block on I/O for long, and should answer
 * the same for the same input.
 */
@ConsumerType
public interface CustomCondition {

    /** Service property naming the condition (the {@code functionName} of custom expressions). */
    String TYPE_PROPERTY = "devrig.condition.type";

    /** The time limit of one call, in milliseconds. */
    long TIME_LIMIT_MS = 500;

    /**
     * Decides the condition.
     *
     * @param args the expression's {@code args}, resolved, as JSON-compatible Java values
     *        ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean});
     *        null for an absent or null value. Never a secret: secret refs may not be passed.
     * @param view the run's context with JSON-compatible Java values; it has no secrets
     *        (plugins read secrets through their permission-checked SDK) and no custom caller
     * @throws Exception reported as {@code PLUGIN_ERROR}
     */
    boolean test(List<Object> args, ConditionContext view) throws Exception;
}
