package io.devrig.sdk.testkit;

import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.secrets.SecretValue;
import io.devrig.common.plugin.Permissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PluginSecrets} in memory: a test stores {@code put("token", "…")} as an admin stores
 * {@code <pluginId>/token} in the vault; reading needs {@code secrets:read}.
 */
public final class FakePluginSecrets implements PluginSecrets {

    private final PluginKit kit;
    private final Map<String, String> values = new ConcurrentHashMap<>();

    FakePluginSecrets(PluginKit kit) {
        this.kit = kit;
    }

    /** Stores a secret under the plugin's name {@code name} (the vault's {@code <pluginId>/<name>}). */
    public FakePluginSecrets put(String name, String value) {
        values.put(name, value);
        return this;
    }

    @Override
    public Optional<SecretValue> get(String name) {
        kit.check(Permissions.SECRETS_READ);
        String value = values.get(name);
        return value == null ? Optional.empty() : Optional.of(new SecretValue(value.toCharArray()));
    }
}
