package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.condition.CustomConditionCaller;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.secrets.SecretValue;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One evaluation: the context, what was read from it (each part converted or looked up
 * at most once), and the trace when explaining.
 */
final class Scope {

    private static final int MAX_SHOWN_VALUE = 60;

    private final ConditionContext context;
    private final RegexGuard regex;
    private final CustomConditions customs;
    private final List<String> trace;
    private JsonNode run;
    private boolean runRead;
    // a custom condition's view reads node outputs from the plugin's thread
    private final Map<String, Optional<JsonNode>> nodes = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> secrets = new HashMap<>();
    private volatile ConditionContext view;

    /** @param trace receives the explanation lines, null when not explaining */
    Scope(ConditionContext context, RegexGuard regex, CustomConditions customs, List<String> trace) {
        this.context = context;
        this.regex = regex;
        this.customs = customs;
        this.trace = trace;
    }

    /**
     * A value given as a JsonNode or JSON-shaped Java values, as a tree; null stays null.
     * Other objects are refused, never serialized (that would call their getters).
     *
     * @param what names the value in the error ("the run context")
     */
    static JsonNode tree(Object value, String what) {
        if (value == null) {
            return null;
        }
        try {
            return JsonTrees.toTree(value);
        } catch (JsonTrees.NotJsonException e) {
            // the place and the type, never the value
            throw new DevRigException(ConditionErrors.CONDITION_CONTEXT_INVALID, ErrorCategory.PERMANENT,
                    what + " is not JSON-compatible: " + e.getMessage());
        }
    }

    RegexGuard regex() {
        return regex;
    }

    JsonNode run() {
        if (!runRead) {
            run = tree(context.run(), "the run context");
            runRead = true;
        }
        return run;
    }

    JsonNode nodeOutput(String nodeId) {
        return nodes.computeIfAbsent(nodeId,
                id -> Optional.ofNullable(tree(context.nodeOutput(id), "the output of node '" + id + "'")))
                .orElse(null);
    }

    String env(String key) {
        return context.env().get(key);
    }

    /** A secret's value, null when there is none. Looked up once per evaluation, closed at once. */
    String secret(String name, String where) {
        Optional<String> cached = secrets.get(name);
        if (cached == null) {
            Optional<SecretValue> found;
            try {
                found = context.secret(name);
            } catch (DevRigException e) {
                throw e; // the vault's messages never hold values
            } catch (RuntimeException e) {
                // not the message: a faulty lookup could put anything in it
                throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                        where + ": the lookup of secret '" + name + "' failed (" + e.getClass().getName() + ")", e);
            }
            cached = found.map(value -> {
                try (value) {
                    return value.reveal();
                }
            });
            secrets.put(name, cached);
        }
        return cached.orElse(null);
    }

    /** Decides a custom expression, naming it and its place in any error. */
    boolean custom(String pluginId, String functionName, List<Object> args, String where) {
        String name = pluginId + "/" + functionName;
        Optional<CustomConditionCaller> caller = context.customConditions();
        try {
            return caller.isPresent() ? caller.get().call(pluginId, functionName, args, view())
                    : customs.call(pluginId, functionName, args, view());
        } catch (DevRigException e) {
            DevRigError error = e.error();
            Map<String, Object> details = new LinkedHashMap<>(error.details());
            details.put("path", where);
            details.put("customCondition", name);
            throw new DevRigException(new DevRigError(error.code(), error.category(),
                    "custom condition '" + name + "' at " + where + ": " + error.message(), details,
                    error.retryable(), error.nodeId(), error.runId(), error.timestamp()), e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                    "custom condition '" + name + "' at " + where + " failed: " + e.getClass().getName(), e);
        }
    }

    /** What a custom condition sees: plain Java values, no secrets, no caller. */
    ConditionContext view() {
        ConditionContext v = view;
        if (v == null) {
            Object runValues = JsonTrees.toJava(run());
            v = ConditionContext.builder().run(runValues).nodeOutputs(id -> JsonTrees.toJava(nodeOutput(id)))
                    .env(context.env()).build();
            view = v;
        }
        return v;
    }

    boolean tracing() {
        return trace != null;
    }

    void trace(String line) {
        if (trace != null) {
            trace.add(line);
        }
    }

    /** A value for the trace: {@code <secret>}, {@code <absent>} or short JSON. */
    static String show(JsonNode value, boolean redact) {
        if (redact) {
            return "<secret>";
        }
        return value == null ? "<absent>" : Json.abbreviate(value, MAX_SHOWN_VALUE);
    }
}
