package io.devrig.api.flow;

/**
 * What started a run; templates and conditions read it as {@code trigger}
 * ({@code trigger.type}, {@code trigger.payload}, {@code trigger.triggerId},
 * {@code trigger.eventId}).
 *
 * @param type {@link WorkflowTrigger#MANUAL} for a start by hand, else the fired trigger's type
 * @param triggerId the fired trigger ({@code triggers} row), null for a start by hand
 * @param eventId the recorded {@code trigger_events} row, null for a start by hand
 * @param payload the run's {@code trigger.payload} (JSON-compatible values); a JSON object
 *        payload is also the run's {@code input}
 */
public record RunTrigger(String type, String triggerId, String eventId, Object payload) {

    public RunTrigger {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a run trigger needs a type");
        }
    }

    /** A start by hand with this input. */
    public static RunTrigger manual(Object input) {
        return new RunTrigger(WorkflowTrigger.MANUAL, null, null, input);
    }

    public boolean manual() {
        return WorkflowTrigger.MANUAL.equals(type) && triggerId == null;
    }
}
