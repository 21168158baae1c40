package io.devrig.common.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns declared actions into descriptors: a plugin's (from the descriptor the plugin host
 * accepted) and a built-in bundle's (from its {@value #BUILT_IN_LOCATION}, whose {@code actions}
 * entries have the format of {@code plugin.json}'s {@code capabilities.actions}; schema files
 * sit beside it, named {@code <id>.input.schema.json} and {@code <id>.output.schema.json}).
 */
public final class DeclaredActions {

    /** Where a built-in bundle declares its actions. */
    public static final String BUILT_IN_LOCATION = "OSGI-INF/devrig/actions.json";

    /** The one strict mapper (duplicate keys refused); an unknown field in a declaration is an error too. */
    private static final ObjectMapper JSON = Json.MAPPER;

    private DeclaredActions() {
    }

    /**
     * The descriptor of a declared action.
     *
     * @param schemas the text of a schema file by its path as written in the declaration
     */
    public static ActionDescriptor descriptor(PluginDescriptor.Action action, Function<String, Optional<String>> schemas) {
        return new ActionDescriptor(action.id(), action.name(), action.description(), action.category(),
                action.inputSchema() == null ? null : schemas.apply(action.inputSchema()).orElse(null),
                action.outputSchema() == null ? null : schemas.apply(action.outputSchema()).orElse(null),
                action.sideEffects(), action.configVersion(), action.idempotent());
    }

    /**
     * The descriptor of built-in action {@code type}, declared in the {@value #BUILT_IN_LOCATION}
     * of the bundle of {@code owner} (read through its class loader). A missing or broken
     * declaration is a packaging bug and fails loudly.
     */
    public static ActionDescriptor builtIn(Class<?> owner, String type) {
        try {
            // every copy on the class path (one in OSGi: the bundle's own; several in a flat test class path)
            for (URL file : Collections.list(owner.getClassLoader().getResources(BUILT_IN_LOCATION))) {
                for (JsonNode entry : JSON.readTree(text(file)).path("actions")) {
                    if (type.equals(entry.path("id").asText())) {
                        PluginDescriptor.Action action = JSON.treeToValue(entry, PluginDescriptor.Action.class);
                        return descriptor(action, schema -> Optional.of(text(resolve(file, schema))));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(BUILT_IN_LOCATION + " of " + owner.getName() + " cannot be read: "
                    + e.getMessage(), e);
        }
        throw new IllegalStateException(BUILT_IN_LOCATION + " of " + owner.getName() + " declares no action " + type);
    }

    private static URL resolve(URL declaration, String file) {
        try {
            return new URL(declaration, file);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("bad schema file name " + file, e);
        }
    }

    private static String text(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }
}
