package io.devrig.sdk.testkit;

import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.secrets.SecretValue;
import io.devrig.common.plugin.Permissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PluginSecrets} in memory: a test stores {@code put("token", "…")} as an admin stores
 * {@code <pluginId>/token} in the vault, and {@code remove("token")} as the admin deletes it;
 * reading needs {@code secrets:read}. {@link #reads()} counts the reads.
 */
public final class FakePluginSecrets implements PluginSecrets {

    private final PluginKit kit;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();

    FakePluginSecrets(PluginKit kit) {
        this.kit = kit;
    }

    /** Stores a secret under the plugin's name {@code name} (the vault's {@code <pluginId>/<name>}). */
    public FakePluginSecrets put(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** Deletes the secret {@code name}, as {@code devrig:secret-delete <pluginId>/<name>} does. */
    public FakePluginSecrets remove(String name) {
        values.remove(name);
        return this;
    }

    /**
     * How many times the plugin read a secret (found or not; a read refused for want of
     * {@code secrets:read} is not one), e.g. none for a preview that must not touch the token.
     */
    public int reads() {
        return reads.get();
    }

    @Override
    public Optional<SecretValue> get(String name) {
        kit.check(Permissions.SECRETS_READ);
        reads.incrementAndGet();
        String value = values.get(name);
        return value == null ? Optional.empty() : Optional.of(new SecretValue(value.toCharArray()));
    }
}
