package io.devrig.api.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow's trigger (seed architecture §6.2): its type and the type's fields. In a
 * definition's JSON it is one flat object, {@code {"type": "cron", "expression": "0 9 * * 1-5"}};
 * {@code config} holds every field but {@code type}. Which types exist is up to the
 * {@link io.devrig.api.trigger.TriggerType} services present; this record knows none of them.
 *
 * <p>Every workflow can also be started by hand ({@code devrig:run}) whatever its trigger;
 * a definition without a trigger has the type {@value #MANUAL}, started only that way.
 *
 * @param type the trigger type ({@code manual}, {@code cron}, {@code webhook}, ...), not blank
 * @param config the type's fields (JSON-compatible values), never null
 */
public record WorkflowTrigger(String type, Map<String, Object> config) {

    /** The type of a workflow that only a person starts. */
    public static final String MANUAL = "manual";

    public WorkflowTrigger {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("a trigger type must not be blank");
        }
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** The trigger of a definition that declares none. */
    public static WorkflowTrigger manual() {
        return new WorkflowTrigger(MANUAL, Map.of());
    }

    /** Whether this is the trigger a definition without one gets (so an export may leave it out). */
    public boolean isDefault() {
        return MANUAL.equals(type) && config.isEmpty();
    }

    /**
     * The JSON Schema a manual start's input must match ({@code inputSchema}, seed §6.2.5),
     * or null when there is none.
     */
    public Object inputSchema() {
        return config.get("inputSchema");
    }
}
