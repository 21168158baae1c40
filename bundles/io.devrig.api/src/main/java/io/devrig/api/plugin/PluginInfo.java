package io.devrig.api.plugin;

import java.util.List;
import java.util.Set;

/**
 * What DevRig knows about one plugin.
 *
 * @param id the plugin's id: its bundle symbolic name
 * @param version the descriptor version
 * @param displayName shown to users
 * @param description what it does
 * @param category catalog category
 * @param state lifecycle state
 * @param requestedPermissions what its descriptor asks for
 * @param grantedPermissions what an admin granted
 * @param capabilities declared capabilities as {@code kind:id}
 * @param error why it is in {@link PluginState#ERROR}, else null
 * @param stats calls, failures and breaker state from the invoker
 * @param unavailable declared capabilities ({@code kind:id}) that no service of the active plugin provides
 *        now: a component that failed to start, or a service published under another id
 */
public record PluginInfo(String id, String version, String displayName, String description, String category,
        PluginState state, Set<String> requestedPermissions, Set<String> grantedPermissions, List<String> capabilities,
        String error, PluginCallStats stats, List<String> unavailable) {

    public PluginInfo {
        unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
    }

    /** A plugin all of whose declared capabilities are provided (or that is not active). */
    public PluginInfo(String id, String version, String displayName, String description, String category,
            PluginState state, Set<String> requestedPermissions, Set<String> grantedPermissions,
            List<String> capabilities, String error, PluginCallStats stats) {
        this(id, version, displayName, description, category, state, requestedPermissions, grantedPermissions,
                capabilities, error, stats, List.of());
    }

    /** Permissions asked for but not granted. */
    public Set<String> pendingPermissions() {
        return requestedPermissions.stream().filter(p -> !grantedPermissions.contains(p))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
