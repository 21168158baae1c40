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
 */
public record PluginInfo(String id, String version, String displayName, String description, String category,
        PluginState state, Set<String> requestedPermissions, Set<String> grantedPermissions, List<String> capabilities,
        String error, PluginCallStats stats) {

    /** Permissions asked for but not granted. */
    public Set<String> pendingPermissions() {
        return requestedPermissions.stream().filter(p -> !grantedPermissions.contains(p))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
