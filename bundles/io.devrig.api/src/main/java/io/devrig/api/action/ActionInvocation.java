package io.devrig.api.action;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One call of an action through the {@link ActionRegistry}.
 *
 * @param type the action type
 * @param config the node's config as saved: strings with <code>{{…}}</code> are templates,
 *        <code>{"$ref": "path"}</code> objects are value references (see {@link ActionRegistry})
 * @param data what templates and value references read: a JSON object such as
 *        {@code {"trigger": {...}, "input": {...}, "nodes": {"id": {"output": ...}}, "run": {...}}}
 * @param context the call's context (run, node, attempt, log, cancellation)
 * @param timeout the longest the call may take
 */
public record ActionInvocation(String type, Map<String, Object> config, Map<String, Object> data,
        ActionContext context, Duration timeout) {

    public ActionInvocation {
        Objects.requireNonNull(type, "type");
        config = config == null ? Map.of() : config;
        data = data == null ? Map.of() : data;
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }
}
