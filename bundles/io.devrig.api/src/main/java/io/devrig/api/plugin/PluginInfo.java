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
 * @param notices what the admin should know beyond the state, newest first: threads or a class
 *        loader the plugin's bundle left behind after it stopped or was uninstalled, calls the
 *        sandbox refused (e.g. {@code System.exit at com.acme.Foo.run(Foo.java:42)})
 */
public record PluginInfo(String id, String version, String displayName, String description, String category,
        PluginState state, Set<String> requestedPermissions, Set<String> grantedPermissions, List<String> capabilities,
        String error, PluginCallStats stats, List<String> unavailable, List<String> notices) {

    public PluginInfo {
        unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    /** Without notices (the form before 1.2). */
    public PluginInfo(String id, String version, String displayName, String description, String category,
            PluginState state, Set<String> requestedPermissions, Set<String> grantedPermissions,
            List<String> capabilities, String error, PluginCallStats stats, List<String> unavailable) {
        this(id, version, displayName, description, category, state, requestedPermissions, grantedPermissions,
                capabilities, error, stats, unavailable, List.of());
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
