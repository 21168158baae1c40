package io.devrig.api.condition;

import io.devrig.api.secrets.SecretValue;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a condition is evaluated against (seed architecture §7.2). Immutable; build one
 * per evaluation (or per run) with {@link #builder()}.
 *
 * <ul>
 * <li>{@code context} refs read the <b>run context</b>: the trigger ({@code trigger.payload...}),
 * the workflow, the run, as one JSON object;</li>
 * <li>{@code node} refs read a <b>node's output</b> by node id;</li>
 * <li>{@code env} refs read the <b>environment</b>: an explicit, allow-listed map, never the
 * whole process environment;</li>
 * <li>{@code secret} refs call the <b>secret lookup</b>, only for those refs. A secret value
 * may be compared, matched or cast, but never appears in a trace or an error message, and
 * cannot be passed to a custom condition;</li>
 * <li>{@code custom} expressions use the <b>custom-condition caller</b> if one is set, else
 * the plugins' {@link CustomCondition} services.</li>
 * </ul>
 *
 * <p>JSON values are a Jackson {@code JsonNode} or JSON-compatible Java values ({@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}); passing a {@code JsonNode}
 * avoids a conversion.
 */
public final class ConditionContext {

    private static final ConditionContext EMPTY = builder().build();

    private final Object run;
    private final Function<String, ?> nodeOutputs;
    private final Map<String, String> env;
    private final Function<String, Optional<SecretValue>> secrets;
    private final CustomConditionCaller customConditions;

    private ConditionContext(Builder b) {
        this.run = b.run;
        this.nodeOutputs = b.nodeOutputs;
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.secrets = b.secrets;
        this.customConditions = b.customConditions;
    }

    /** A context with nothing in it: every ref is absent. */
    public static ConditionContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this context's parts. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.run = run;
        b.nodeOutputs = nodeOutputs;
        b.env.putAll(env);
        b.secrets = secrets;
        b.customConditions = customConditions;
        return b;
    }

    /** The run context (JSON object), or null when none was given. */
    public Object run() {
        return run;
    }

    /** A node's output, or null when the node has none (not run, or no output). */
    public Object nodeOutput(String nodeId) {
        return nodeId == null ? null : nodeOutputs.apply(nodeId);
    }

    /** The allow-listed environment variables. */
    public Map<String, String> env() {
        return env;
    }

    /**
     * A secret's value, empty when there is none or this context has no secret lookup.
     * The caller closes the value.
     */
    public Optional<SecretValue> secret(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<SecretValue> value = secrets.apply(name);
        return value == null ? Optional.empty() : value;
    }

    /** The custom-condition caller of this evaluation, empty to use the plugins' services. */
    public Optional<CustomConditionCaller> customConditions() {
        return Optional.ofNullable(customConditions);
    }

    @Override
    public String toString() {
        // never the values: they may be large or sensitive
        return "ConditionContext[run=" + (run == null ? "none" : "set") + ", env=" + new TreeSet<>(env.keySet())
                + ", customConditions=" + (customConditions == null ? "services" : "caller") + "]";
    }

    /** Builds a {@link ConditionContext}; every part is optional. */
    public static final class Builder {

        private Object run;
        private Function<String, ?> nodeOutputs = id -> null;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Function<String, Optional<SecretValue>> secrets = name -> Optional.empty();
        private CustomConditionCaller customConditions;

        private Builder() {
        }

        /** The run context: a JSON object such as {@code {"trigger":{"payload":{...}},"run":{...}}}. */
        public Builder run(Object runContext) {
            this.run = runContext;
            return this;
        }

        /** Node outputs by node id (a copy is kept). */
        public Builder nodeOutputs(Map<String, ?> outputs) {
            Map<String, Object> copy = new LinkedHashMap<>(Objects.requireNonNull(outputs, "outputs"));
            this.nodeOutputs = copy::get;
            return this;
        }

        /** Node outputs looked up on demand: the output of a node id, null when it has none. */
        public Builder nodeOutputs(Function<String, ?> lookup) {
            this.nodeOutputs = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** Adds allow-listed environment variables (keys and values non-null). */
        public Builder env(Map<String, String> variables) {
            Objects.requireNonNull(variables, "variables").forEach((k, v) -> env.put(Objects.requireNonNull(k, "key"),
                    Objects.requireNonNull(v, "value of " + k)));
            return this;
        }

        /**
         * Adds the process environment variables named in {@code allowed} that are set; no
         * other variable is read.
         */
        public Builder envFromSystem(Collection<String> allowed) {
            for (String key : Objects.requireNonNull(allowed, "allowed")) {
                String value = key == null ? null : System.getenv(key);
                if (value != null) {
                    env.put(key, value);
                }
            }
            return this;
        }

        /**
         * The secret lookup, called only for {@code secret} refs (e.g. {@code vault::get});
         * empty for an unknown name. The engine closes the values it receives.
         */
        public Builder secrets(Function<String, Optional<SecretValue>> lookup) {
            this.secrets = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** Decides {@code custom} expressions instead of the plugins' services (null to unset). */
        public Builder customConditions(CustomConditionCaller caller) {
            this.customConditions = caller;
            return this;
        }

        public ConditionContext build() {
            return new ConditionContext(this);
        }
    }
}
