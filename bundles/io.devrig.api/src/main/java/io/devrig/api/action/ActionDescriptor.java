package io.devrig.api.action;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an action type is (seed architecture §8.1).
 *
 * <p><b>Built-in actions only.</b> A plugin's action is described once, in its
 * {@code plugin.json} (the input schema is a file named there): the registry builds this
 * record from the descriptor the plugin host accepted. A plugin's executor that implements
 * {@link ActionExecutor#descriptor()} (for example with {@link #of}) is refused by the
 * action registry with one ERROR line naming it, so a second, unenforced schema cannot exist.
 *
 * @param type unique id, dotted lower case, e.g. {@code data.transform}
 * @param name human-readable name
 * @param description what it does
 * @param category e.g. {@code data}, {@code flow}, {@code http}
 * @param inputSchema JSON Schema (draft 2020-12) of the resolved input as JSON text, or
 *        null to accept any input
 * @param outputSchema JSON Schema of the output as JSON text, or null
 * @param sideEffects whether it changes anything outside the run (files, HTTP calls,
 *        messages); such actions are replaced by their {@link ActionExecutor#preview
 *        preview} in a dry-run
 * @param configVersion the version of the node config format, from 1; a node saved with
 *        an older one is passed through {@link ActionExecutor#migrate} when read
 * @param idempotent whether its side effects are idempotent: running it again with the same
 *        input and the same idempotency key ({@link ActionContext#idempotencyKey()}) changes
 *        nothing more than the first call did (an upsert keyed by the key, as
 *        {@code notify.inbox}'s item). The workflow engine may then run it again after a crash
 *        instead of recording its start first, and commit its completion later; an action
 *        that is not idempotent has its start and its completion committed around it
 */
public record ActionDescriptor(String type, String name, String description, String category, String inputSchema,
        String outputSchema, boolean sideEffects, int configVersion, boolean idempotent) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+");

    public ActionDescriptor {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("action type must be dotted lower case like 'data.transform': " + type);
        }
        name = name == null || name.isBlank() ? type : name;
        description = description == null ? "" : description;
        category = category == null || category.isBlank() ? type.substring(0, type.indexOf('.')) : category;
        if (configVersion < 1) {
            throw new IllegalArgumentException("configVersion must be at least 1: " + configVersion);
        }
    }

    /** A descriptor whose side effects (if any) are not idempotent. */
    public ActionDescriptor(String type, String name, String description, String category, String inputSchema,
            String outputSchema, boolean sideEffects, int configVersion) {
        this(type, name, description, category, inputSchema, outputSchema, sideEffects, configVersion, false);
    }

    /**
     * Whether running it again after a crash changes nothing more: it has no side effects, or
     * they are idempotent.
     */
    public boolean replayable() {
        return !sideEffects || idempotent;
    }

    /** A descriptor without side effects and with config version 1. */
    public static ActionDescriptor of(String type, String name, String description, String inputSchema,
            String outputSchema) {
        return new ActionDescriptor(type, name, description, null, inputSchema, outputSchema, false, 1);
    }

    public ActionDescriptor withSideEffects(boolean value) {
        return new ActionDescriptor(type, name, description, category, inputSchema, outputSchema, value, configVersion,
                idempotent);
    }

    public ActionDescriptor withCategory(String value) {
        return new ActionDescriptor(type, name, description, value, inputSchema, outputSchema, sideEffects, configVersion,
                idempotent);
    }

    public ActionDescriptor withConfigVersion(int value) {
        return new ActionDescriptor(type, name, description, category, inputSchema, outputSchema, sideEffects, value,
                idempotent);
    }

    public ActionDescriptor withIdempotent(boolean value) {
        return new ActionDescriptor(type, name, description, category, inputSchema, outputSchema, sideEffects,
                configVersion, value);
    }
}
