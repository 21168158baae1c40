package io.devrig.api.plugin.sdk;

import io.devrig.api.secrets.SecretValue;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to the secrets an admin stored for the calling plugin: {@code get("token")}
 * reads the vault's secret named {@code <pluginId>/token}. Needs the {@code secrets:read}
 * permission.
 */
@ProviderType
public interface PluginSecrets {

    Optional<SecretValue> get(String name);
}
