package io.devrig.common.plugin;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The permissions a plugin can ask for, and what each capability kind requires. */
public final class Permissions {

    private Permissions() {
    }

    public static final String NETWORK = "network";
    public static final String SECRETS_READ = "secrets:read";
    public static final String INBOX_WRITE = io.devrig.api.plugin.PermissionGate.INBOX_WRITE;
    public static final String AI_CLASSIFY = "ai:classify";
    public static final String EVENTS_PUBLISH = "events:publish";
    public static final String EVENTS_SUBSCRIBE = "events:subscribe";
    public static final String FILES_READ = "files:read";
    public static final String FILES_WRITE = "files:write";
    public static final String NETWORK_DIRECT = "network:direct";
    /** {@code process:<command>}: one permission per command, so a pattern rather than a fixed name. */
    public static final String PROCESS_PREFIX = "process:";
    private static final java.util.regex.Pattern PROCESS = java.util.regex.Pattern.compile("process:[A-Za-z0-9._+-]+");

    /** Every known permission with what it allows, for listings and error messages. */
    public static final Map<String, String> KNOWN = new TreeMap<>(Map.of(
            NETWORK, "HTTP requests to allowed destinations",
            SECRETS_READ, "read the secrets named <plugin>/...",
            INBOX_WRITE, "store and update inbox items",
            AI_CLASSIFY, "run AI pipelines on inbox items",
            EVENTS_PUBLISH, "publish events on devrig/plugin/<plugin>/...",
            EVENTS_SUBSCRIBE, "receive DevRig events",
            FILES_READ, "read files outside the plugin's own folder (never DevRig's data or etc)",
            FILES_WRITE, "write files outside the plugin's own folder (never DevRig's data or etc)",
            NETWORK_DIRECT, "open sockets and use the JDK's HTTP client directly, past DevRig's policed client"));

    /** What {@code process:<command>} allows, for listings. */
    public static final String PROCESS_DESCRIPTION = "start processes whose argv[0] file name is <command>";

    /** Capability kind → the permission a plugin needs to declare it. */
    public static final Map<String, String> REQUIRED_BY_CAPABILITY = Map.of(
            "dataSources", INBOX_WRITE,
            "aiPipelines", AI_CLASSIFY);

    public static boolean known(String permission) {
        return KNOWN.containsKey(permission) || permission != null && PROCESS.matcher(permission).matches();
    }

    /** What a permission allows, or null when it is unknown. */
    public static String describe(String permission) {
        return KNOWN.containsKey(permission) ? KNOWN.get(permission)
                : known(permission) ? PROCESS_DESCRIPTION.replace("<command>", permission.substring(PROCESS_PREFIX.length()))
                : null;
    }

    /** The fixed permission names ({@code process:<command>} aside). */
    public static Set<String> all() {
        return KNOWN.keySet();
    }
}
