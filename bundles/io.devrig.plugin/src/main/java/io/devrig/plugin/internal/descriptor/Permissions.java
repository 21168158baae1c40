package io.devrig.plugin.internal.descriptor;

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

    /** Every known permission with what it allows, for listings and error messages. */
    public static final Map<String, String> KNOWN = new TreeMap<>(Map.of(
            NETWORK, "HTTP requests to allowed destinations",
            SECRETS_READ, "read the secrets named <plugin>/...",
            INBOX_WRITE, "store and update inbox items",
            AI_CLASSIFY, "run AI pipelines on inbox items",
            EVENTS_PUBLISH, "publish events on devrig/plugin/<plugin>/...",
            EVENTS_SUBSCRIBE, "receive DevRig events"));

    /** Capability kind → the permission a plugin needs to declare it. */
    public static final Map<String, String> REQUIRED_BY_CAPABILITY = Map.of(
            "dataSources", INBOX_WRITE,
            "aiPipelines", AI_CLASSIFY);

    public static boolean known(String permission) {
        return KNOWN.containsKey(permission);
    }

    public static Set<String> all() {
        return KNOWN.keySet();
    }
}
